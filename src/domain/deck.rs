//! Planning poker decks: Fibonacci, modified Fibonacci, T-shirt sizes (each
//! size mapped to points the team sets), powers of two, and custom decks.
//! The special cards `?` (unsure) and `☕` (break) come with every deck.

use super::ids::{DeckId, TeamId};
use super::limits::MAX_DECK_NAME_CHARS;
use super::points::{Estimate, EstimateError};
use super::text_field::text_field;
use super::workspace::{Workspace, WorkspaceError};
use serde::{Deserialize, Serialize};

/// The unsure card.
pub const UNSURE: &str = "?";
/// The break card.
pub const BREAK: &str = "☕";
/// Most cards in a custom deck.
pub const MAX_CARDS: usize = 30;
/// Longest label a card shows, in characters.
pub const MAX_CARD_LABEL_CHARS: usize = 8;

/// Whether `label` is a card label's length: 1 to [`MAX_CARD_LABEL_CHARS`].
pub fn card_label_fits(label: &str) -> bool {
    (1..=MAX_CARD_LABEL_CHARS).contains(&label.chars().count())
}
/// T-shirt sizes, smallest first.
pub const TSHIRT_SIZES: [&str; 6] = ["XS", "S", "M", "L", "XL", "XXL"];
/// Points of each T-shirt size until a team sets its own.
pub const TSHIRT_DEFAULT_POINTS: [Estimate; 6] = [
    Estimate::known(1.0),
    Estimate::known(2.0),
    Estimate::known(3.0),
    Estimate::known(5.0),
    Estimate::known(8.0),
    Estimate::known(13.0),
];

/// One card: what it shows and the points it stands for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Card {
    pub label: String,
    pub points: Estimate,
}

/// A custom deck's name: 1 to [`MAX_DECK_NAME_CHARS`] characters, no
/// spaces around it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DeckName(String);

/// Why a text is not a deck name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeckNameError;

impl std::fmt::Display for DeckNameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "a deck name has 1 to {MAX_DECK_NAME_CHARS} characters, with no spaces around it"
        )
    }
}

impl DeckName {
    /// A name typed by a person: spaces around it are dropped.
    pub fn parse(text: &str) -> Result<DeckName, DeckNameError> {
        let name = text.trim();
        if name.is_empty() || name.chars().count() > MAX_DECK_NAME_CHARS {
            return Err(DeckNameError);
        }
        Ok(DeckName(name.to_string()))
    }
}

text_field!(DeckName, DeckNameError, DeckNameError);

/// A deck the user made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomDeck {
    pub id: DeckId,
    pub name: DeckName,
    /// Ascending by points.
    pub cards: Vec<Card>,
}

/// Which deck: a built-in one or a custom one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "id")]
pub enum DeckRef {
    Fibonacci,
    ModifiedFibonacci,
    TShirt,
    PowersOfTwo,
    Custom(DeckId),
}

impl DeckRef {
    /// The built-in decks, in menu order.
    pub const BUILT_IN: [DeckRef; 4] = [
        DeckRef::Fibonacci,
        DeckRef::ModifiedFibonacci,
        DeckRef::TShirt,
        DeckRef::PowersOfTwo,
    ];
}

/// A team's T-shirt sizes in points.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamDeck {
    pub team: TeamId,
    /// The deck the team estimates with by default.
    pub deck: DeckRef,
    /// Points of XS, S, M, L, XL, XXL.
    pub tshirt_points: [Estimate; 6],
}

fn numeric(values: &[f64]) -> Vec<Card> {
    values
        .iter()
        .map(|&points| Card {
            label: if points == 0.5 {
                "½".into()
            } else {
                format!("{points}")
            },
            points: Estimate::known(points),
        })
        .collect()
}

/// Whether `label` is one of the special cards every deck comes with
/// ([`UNSURE`], [`BREAK`]).
pub fn is_special(label: &str) -> bool {
    label == UNSURE || label == BREAK
}

/// The labels a voter can play from `cards`: the deck's, in order, then
/// [`UNSURE`] and [`BREAK`].
pub fn playable_labels(cards: &[Card]) -> Vec<String> {
    cards
        .iter()
        .map(|c| c.label.clone())
        .chain([UNSURE.to_string(), BREAK.to_string()])
        .collect()
}

/// Why a deck edit was refused.
pub fn check_cards(cards: &[Card]) -> Result<(), WorkspaceError> {
    if cards.is_empty() || cards.len() > MAX_CARDS {
        return Err(WorkspaceError::InvalidDeck(format!(
            "a deck has 1 to {MAX_CARDS} cards"
        )));
    }
    for pair in cards.windows(2) {
        if pair[1].points <= pair[0].points {
            return Err(WorkspaceError::InvalidDeck(
                "cards go from the smallest to the largest, each larger than the one before".into(),
            ));
        }
    }
    for card in cards {
        let label = card.label.trim();
        if !card_label_fits(label) || is_special(label) {
            return Err(WorkspaceError::InvalidDeck(format!(
                "a card shows 1 to {MAX_CARD_LABEL_CHARS} characters, other than {UNSURE} and {BREAK}"
            )));
        }
    }
    Ok(())
}

/// A custom deck's cards as [`parse_cards`] reads them back: a card whose
/// label is its points is written once (`3`, `½`), any other as `S=2`.
pub fn cards_text(cards: &[Card]) -> String {
    cards
        .iter()
        .map(|c| {
            let points = c.points.to_string();
            if c.label == points || (c.label == "½" && c.points.get() == 0.5) {
                c.label.clone()
            } else {
                format!("{}={points}", c.label)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads a custom deck typed as `1, 2, 3, 5` or `S=2, M=3, L=5`.
pub fn parse_cards(text: &str) -> Result<Vec<Card>, WorkspaceError> {
    let mut cards = Vec::new();
    for part in text
        .split([',', ';', ' '])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let (label, points) = match part.split_once('=') {
            Some((l, p)) => (l.trim().to_string(), p.trim()),
            None => (part.to_string(), part),
        };
        // A card's points follow the estimate's rule (½, a decimal comma).
        let Ok(Some(points)) = Estimate::parse(points) else {
            return Err(WorkspaceError::InvalidDeck(format!(
                "“{part}”: {EstimateError}; write cards like 1, 2, 3 or S=2, M=3"
            )));
        };
        cards.push(Card { label, points });
    }
    check_cards(&cards)?;
    Ok(cards)
}

impl Workspace {
    /// The cards of a deck for a team (T-shirt points are the team's).
    pub fn deck_cards(&self, deck: DeckRef, team: Option<TeamId>) -> Vec<Card> {
        match deck {
            DeckRef::Fibonacci => {
                numeric(&[0.0, 0.5, 1.0, 2.0, 3.0, 5.0, 8.0, 13.0, 20.0, 40.0, 100.0])
            }
            DeckRef::ModifiedFibonacci => {
                numeric(&[1.0, 2.0, 3.0, 5.0, 8.0, 13.0, 21.0, 34.0, 55.0, 89.0])
            }
            DeckRef::PowersOfTwo => numeric(&[1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0]),
            DeckRef::TShirt => {
                let points = team
                    .and_then(|t| self.team_deck(t))
                    .map_or(TSHIRT_DEFAULT_POINTS, |d| d.tshirt_points);
                TSHIRT_SIZES
                    .iter()
                    .zip(points)
                    .map(|(label, points)| Card {
                        label: (*label).into(),
                        points,
                    })
                    .collect()
            }
            DeckRef::Custom(id) => self
                .custom_decks
                .iter()
                .find(|d| d.id == id)
                .map(|d| d.cards.clone())
                .unwrap_or_default(),
        }
    }

    /// A deck's name.
    pub fn deck_name(&self, deck: DeckRef) -> String {
        match deck {
            DeckRef::Fibonacci => "Fibonacci".into(),
            DeckRef::ModifiedFibonacci => "Modified Fibonacci".into(),
            DeckRef::TShirt => "T-shirt sizes".into(),
            DeckRef::PowersOfTwo => "Powers of two".into(),
            DeckRef::Custom(id) => self
                .custom_decks
                .iter()
                .find(|d| d.id == id)
                .map_or("A removed deck".into(), |d| d.name.to_string()),
        }
    }

    /// Every deck: the built-in ones, then the custom ones.
    pub fn decks(&self) -> Vec<DeckRef> {
        DeckRef::BUILT_IN
            .into_iter()
            .chain(self.custom_decks.iter().map(|d| DeckRef::Custom(d.id)))
            .collect()
    }

    /// The custom decks.
    pub fn custom_decks(&self) -> &[CustomDeck] {
        &self.custom_decks
    }

    /// A team's deck settings, if it has any.
    pub fn team_deck(&self, team: TeamId) -> Option<&TeamDeck> {
        self.team_decks.iter().find(|d| d.team == team)
    }

    /// The deck a team estimates with by default (Fibonacci unless set).
    pub fn default_deck(&self, team: TeamId) -> DeckRef {
        self.team_deck(team).map_or(DeckRef::Fibonacci, |d| d.deck)
    }

    fn team_deck_mut(&mut self, team: TeamId) -> Result<&mut TeamDeck, WorkspaceError> {
        if self.team(team).is_none() {
            return Err(WorkspaceError::UnknownTeam);
        }
        if self.team_deck(team).is_none() {
            self.team_decks.push(TeamDeck {
                team,
                deck: DeckRef::Fibonacci,
                tshirt_points: TSHIRT_DEFAULT_POINTS,
            });
        }
        self.team_decks
            .iter_mut()
            .find(|d| d.team == team)
            .ok_or(WorkspaceError::UnknownTeam)
    }

    /// Sets a team's default deck.
    pub fn set_default_deck(&mut self, team: TeamId, deck: DeckRef) -> Result<(), WorkspaceError> {
        if let DeckRef::Custom(id) = deck
            && !self.custom_decks.iter().any(|d| d.id == id)
        {
            return Err(WorkspaceError::UnknownDeck);
        }
        self.team_deck_mut(team)?.deck = deck;
        Ok(())
    }

    /// Sets the points of a team's T-shirt sizes (ascending).
    pub fn set_tshirt_points(
        &mut self,
        team: TeamId,
        points: [f64; 6],
    ) -> Result<(), WorkspaceError> {
        let mut estimates = TSHIRT_DEFAULT_POINTS;
        for (slot, p) in estimates.iter_mut().zip(points) {
            *slot =
                Estimate::try_from(p).map_err(|e| WorkspaceError::InvalidDeck(e.to_string()))?;
        }
        let points = estimates;
        let cards: Vec<Card> = TSHIRT_SIZES
            .iter()
            .zip(points)
            .map(|(l, p)| Card {
                label: (*l).into(),
                points: p,
            })
            .collect();
        check_cards(&cards)?;
        self.team_deck_mut(team)?.tshirt_points = points;
        Ok(())
    }

    /// Adds a custom deck.
    pub fn add_custom_deck(
        &mut self,
        name: &str,
        cards: Vec<Card>,
    ) -> Result<DeckId, WorkspaceError> {
        let name = DeckName::parse(name).map_err(|e| WorkspaceError::InvalidDeck(e.to_string()))?;
        check_cards(&cards)?;
        let id = DeckId::new();
        self.custom_decks.push(CustomDeck { id, name, cards });
        Ok(id)
    }

    /// Changes a custom deck's cards.
    pub fn edit_custom_deck(&mut self, id: DeckId, cards: Vec<Card>) -> Result<(), WorkspaceError> {
        check_cards(&cards)?;
        let deck = self
            .custom_decks
            .iter_mut()
            .find(|d| d.id == id)
            .ok_or(WorkspaceError::UnknownDeck)?;
        deck.cards = cards;
        Ok(())
    }
}
