//! Merging two tabs' edits of one workspace.
//!
//! Each tab knows the stored workspace its own state started from (the
//! *base*). When another tab stores a newer workspace (*theirs*), the
//! changes this tab made since the base (*ours*) are laid over it, item by
//! item: edits to different stories, epics, teams or constraints all
//! survive. When both tabs changed the same item, the later edit
//! (`updated_at`) wins and the loser is named, so the tab that lost it can
//! say so. An edit always beats a delete, so no typed text disappears.

use super::constraint::Constraint;
use super::dependency::find_cycle;
use super::epic::Epic;
use super::ids::{MemberId, ReleaseId, StoryId, TeamId};
use super::member::Member;
use super::release::Release;
use super::sprint::{Planning, SprintRecord};
use super::story::Story;
use super::team::Team;
use super::validation::validate;
use super::workspace::Workspace;
use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};
use std::hash::Hash;
use std::sync::Arc;

/// The result of a merge.
#[derive(Clone, Debug, PartialEq)]
pub struct Merged {
    pub workspace: Workspace,
    /// Stories both sides changed where theirs was later: our edit is gone.
    pub ours_replaced: Vec<StoryId>,
    /// Stories both sides changed where ours was later: their edit is gone.
    pub theirs_replaced: Vec<StoryId>,
}

/// Something kept in a keyed list of the workspace.
trait Item: Clone + PartialEq {
    type Key: Copy + Eq + Hash + Ord;
    fn key(&self) -> Self::Key;
    /// When it was last edited, if it keeps track.
    fn edited_at(&self) -> Option<DateTime<Utc>>;
    /// Orders items both tabs added at one place, the same way in both tabs.
    fn birth(&self) -> (Option<DateTime<Utc>>, Self::Key) {
        (None, self.key())
    }
    /// Whether two versions hold the same data.
    fn same(&self, other: &Self) -> bool {
        self == other
    }
}

impl Item for Arc<Story> {
    type Key = StoryId;
    fn key(&self) -> StoryId {
        self.id
    }
    fn edited_at(&self) -> Option<DateTime<Utc>> {
        Some(self.updated_at)
    }
    fn same(&self, other: &Self) -> bool {
        Arc::ptr_eq(self, other) || self == other
    }
    fn birth(&self) -> (Option<DateTime<Utc>>, StoryId) {
        (Some(self.created_at), self.id)
    }
}

impl Item for Team {
    type Key = TeamId;
    fn key(&self) -> Self::Key {
        self.id
    }
    fn edited_at(&self) -> Option<DateTime<Utc>> {
        None
    }
}

impl Item for Epic {
    type Key = super::ids::EpicId;
    fn key(&self) -> Self::Key {
        self.id
    }
    fn edited_at(&self) -> Option<DateTime<Utc>> {
        Some(self.updated_at)
    }
}

impl Item for Constraint {
    type Key = super::ids::ConstraintId;
    fn key(&self) -> Self::Key {
        self.id
    }
    fn edited_at(&self) -> Option<DateTime<Utc>> {
        Some(self.updated_at)
    }
}

impl Item for Member {
    type Key = MemberId;
    fn key(&self) -> MemberId {
        self.id
    }
    fn edited_at(&self) -> Option<DateTime<Utc>> {
        None
    }
}

impl Item for Release {
    type Key = ReleaseId;
    fn key(&self) -> ReleaseId {
        self.id
    }
    fn edited_at(&self) -> Option<DateTime<Utc>> {
        None
    }
}

impl Item for SprintRecord {
    type Key = u32;
    fn key(&self) -> u32 {
        self.number
    }
    fn edited_at(&self) -> Option<DateTime<Utc>> {
        self.closed_at.or(self.started_at)
    }
}

/// Which side an item of the merged list came from, when both changed it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Winner {
    Ours,
    Theirs,
}

/// A merged list, with the keys both sides changed and who won each.
struct MergedList<T: Item> {
    items: Vec<T>,
    conflicts: Vec<(T::Key, Winner)>,
}

/// Merges `ours` and `theirs` of one workspace, both descended from `base`.
pub fn merge(base: &Workspace, ours: &Workspace, theirs: &Workspace) -> Merged {
    if same(ours, base) {
        return Merged {
            workspace: theirs.clone(),
            ours_replaced: Vec::new(),
            theirs_replaced: Vec::new(),
        };
    }
    if same(theirs, base) || same(ours, theirs) {
        return Merged {
            workspace: ours.clone(),
            ours_replaced: Vec::new(),
            theirs_replaced: Vec::new(),
        };
    }
    let teams = merge_list(&base.teams, &ours.teams, &theirs.teams);
    let epics = merge_list(&base.epics, &ours.epics, &theirs.epics);
    let constraints = merge_list(&base.constraints, &ours.constraints, &theirs.constraints);
    let stories = merge_list(&base.stories, &ours.stories, &theirs.stories);
    let members = merge_list(&base.members, &ours.members, &theirs.members);
    let sprints = merge_list(&base.sprints, &ours.sprints, &theirs.sprints);
    let cadence = if ours.cadence == base.cadence {
        theirs.cadence
    } else {
        ours.cadence
    };

    let mut ours_replaced = Vec::new();
    let mut theirs_replaced = Vec::new();
    for (id, winner) in &stories.conflicts {
        match winner {
            Winner::Ours => theirs_replaced.push(*id),
            Winner::Theirs => ours_replaced.push(*id),
        }
    }

    let mut teams_out = teams.items;
    let mut epics_out = epics.items;
    // Stories stay shared with the side they came from; the few the merge
    // must change are copied on write, so the next save re-packs only those
    // and undo copies keep sharing the rest.
    let mut stories_out: Vec<Arc<Story>> = stories.items;

    // A story we added or edited keeps the team the other tab removed.
    let team_ids: HashSet<_> = teams_out.iter().map(|t| t.id).collect();
    let mut revived = HashSet::new();
    for story in &stories_out {
        if !team_ids.contains(&story.team)
            && revived.insert(story.team)
            && let Some(team) = ours.team(story.team).or_else(|| base.team(story.team))
        {
            teams_out.push(team.clone());
        }
    }
    stories_out.retain(|s| team_ids.contains(&s.team) || revived.contains(&s.team));

    for team in &mut teams_out {
        let highest = [ours, theirs]
            .iter()
            .filter_map(|w| w.team(team.id))
            .map(|t| t.next_story_number)
            .max()
            .unwrap_or(team.next_story_number);
        team.next_story_number = team.next_story_number.max(highest);
    }
    renumber_stories(&mut stories_out, &mut teams_out);
    let mut next_epic_number = ours.next_epic_number.max(theirs.next_epic_number);
    renumber_epics(&mut epics_out, &mut next_epic_number);
    drop_dangling(&mut stories_out, &epics_out, &constraints.items);
    let team_ids: HashSet<TeamId> = teams_out.iter().map(|t| t.id).collect();
    let mut members_out = members.items;
    members_out.retain(|m| team_ids.contains(&m.home_team));
    for m in &mut members_out {
        m.allocations.retain(|a| team_ids.contains(&a.team));
    }
    let mut sprints_out = sprints.items;
    sprints_out.sort_by_key(|r| r.number);
    for r in &mut sprints_out {
        r.teams.retain(|t| team_ids.contains(&t.team));
    }
    break_cycles(&mut stories_out, base, ours);

    match validate(
        teams_out,
        epics_out,
        constraints.items,
        stories_out,
        next_epic_number,
        Planning {
            cadence,
            members: members_out,
            sprints: sprints_out,
            custom_decks: pick(&base.custom_decks, &ours.custom_decks, &theirs.custom_decks),
            team_decks: pick(&base.team_decks, &ours.team_decks, &theirs.team_decks),
            sessions: pick(&base.sessions, &ours.sessions, &theirs.sessions),
            releases: merge_list(&base.releases, &ours.releases, &theirs.releases)
                .items
                .into_iter()
                .filter(|r| team_ids.contains(&r.team))
                .collect(),
        },
    ) {
        Ok(workspace) => Merged {
            workspace,
            ours_replaced,
            theirs_replaced,
        },
        // Never store a workspace that breaks a rule: the newer stored one
        // stands, and every story we changed counts as replaced.
        Err(_) => Merged {
            workspace: theirs.clone(),
            ours_replaced: changed_stories(base, ours),
            theirs_replaced: Vec::new(),
        },
    }
}

/// Ours when only ours changed it, else theirs (lists merged whole).
fn pick<T: Clone + PartialEq>(base: &T, ours: &T, theirs: &T) -> T {
    if ours != base && theirs == base {
        ours.clone()
    } else {
        theirs.clone()
    }
}

/// Whether two workspaces hold the same data; shared stories are compared
/// by pointer first, so this is cheap for copies of one another.
pub fn same(a: &Workspace, b: &Workspace) -> bool {
    a.next_epic_number == b.next_epic_number
        && a.cadence == b.cadence
        && a.members == b.members
        && a.sprints == b.sprints
        && a.custom_decks == b.custom_decks
        && a.team_decks == b.team_decks
        && a.sessions == b.sessions
        && a.releases == b.releases
        && a.teams == b.teams
        && a.epics == b.epics
        && a.constraints == b.constraints
        && a.stories.len() == b.stories.len()
        && a.stories
            .iter()
            .zip(&b.stories)
            .all(|(x, y)| Arc::ptr_eq(x, y) || x == y)
}

/// Stories that differ between `base` and `now` (added, changed or removed).
pub fn changed_stories(base: &Workspace, now: &Workspace) -> Vec<StoryId> {
    let before: HashMap<StoryId, &Arc<Story>> = base.stories.iter().map(|s| (s.id, s)).collect();
    let mut changed: Vec<StoryId> = now
        .stories
        .iter()
        .filter(|s| {
            before
                .get(&s.id)
                .is_none_or(|b| !(Arc::ptr_eq(b, s) || *b == *s))
        })
        .map(|s| s.id)
        .collect();
    let after: HashSet<StoryId> = now.stories.iter().map(|s| s.id).collect();
    changed.extend(
        base.stories
            .iter()
            .map(|s| s.id)
            .filter(|id| !after.contains(id)),
    );
    changed
}

fn unchanged<T: Item>(a: Option<&T>, b: Option<&T>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => x.same(y),
        (None, None) => true,
        _ => false,
    }
}

fn merge_list<T: Item>(base: &[T], ours: &[T], theirs: &[T]) -> MergedList<T> {
    let index = |list: &[T]| -> HashMap<T::Key, usize> {
        list.iter().enumerate().map(|(i, x)| (x.key(), i)).collect()
    };
    let (b, o, t) = (index(base), index(ours), index(theirs));
    let get = |list: &'_ [T], map: &HashMap<T::Key, usize>, k: T::Key| -> Option<T> {
        map.get(&k).map(|&i| list[i].clone())
    };

    // Order: ours when only ours reordered, else theirs; then what only one
    // side has is placed after its neighbour on that side.
    let order_of = |list: &[T], keep: &dyn Fn(&T::Key) -> bool| -> Vec<T::Key> {
        list.iter().map(Item::key).filter(|k| keep(k)).collect()
    };
    let common = |k: &T::Key| b.contains_key(k) && o.contains_key(k) && t.contains_key(k);
    let ours_reordered = order_of(ours, &common) != order_of(base, &common);
    let theirs_reordered = order_of(theirs, &common) != order_of(base, &common);
    let (skeleton, other) = if ours_reordered && !theirs_reordered {
        (ours, theirs)
    } else {
        (theirs, ours)
    };
    let mut keys: Vec<T::Key> = skeleton.iter().map(Item::key).collect();
    let mut placed: HashSet<T::Key> = keys.iter().copied().collect();
    let births: HashMap<T::Key, _> = ours
        .iter()
        .chain(theirs)
        .map(|x| (x.key(), x.birth()))
        .collect();
    let mut previous: Option<T::Key> = None;
    for item in other {
        let k = item.key();
        if placed.insert(k) {
            let mut at = previous
                .and_then(|p| keys.iter().position(|x| *x == p))
                .map_or(0, |i| i + 1);
            // Items both sides added at the same place go in birth order,
            // so both tabs end with the same order.
            while at < keys.len() && !b.contains_key(&keys[at]) && births[&keys[at]] < births[&k] {
                at += 1;
            }
            keys.insert(at, k);
        }
        previous = Some(k);
    }

    let mut items = Vec::with_capacity(keys.len());
    let mut conflicts = Vec::new();
    for k in keys {
        let (bv, ov, tv) = (get(base, &b, k), get(ours, &o, k), get(theirs, &t, k));
        let chosen = if unchanged(ov.as_ref(), bv.as_ref()) {
            tv
        } else if unchanged(tv.as_ref(), bv.as_ref()) || unchanged(ov.as_ref(), tv.as_ref()) {
            ov
        } else {
            // Both changed it, differently.
            let winner = match (&ov, &tv) {
                // An edit beats a delete: nothing typed is lost.
                (Some(_), None) => Winner::Ours,
                (None, Some(_)) => Winner::Theirs,
                (Some(x), Some(y)) => match (x.edited_at(), y.edited_at()) {
                    (Some(a), Some(b)) if a > b => Winner::Ours,
                    _ => Winner::Theirs,
                },
                (None, None) => Winner::Theirs,
            };
            if ov.is_some() && tv.is_some() {
                conflicts.push((k, winner));
            }
            match winner {
                Winner::Ours => ov,
                Winner::Theirs => tv,
            }
        };
        items.extend(chosen);
    }
    MergedList { items, conflicts }
}

/// Two tabs that each added a story to one team gave both the same number;
/// the younger moves on to the team's next free number. Both tabs decide
/// the same way, so they agree on every key.
fn renumber_stories(stories: &mut [Arc<Story>], teams: &mut [Team]) {
    let mut by_number: HashMap<(TeamId, u32), Vec<usize>> = HashMap::new();
    for (i, s) in stories.iter().enumerate() {
        by_number.entry((s.team, s.number)).or_default().push(i);
    }
    let mut movers: Vec<usize> = Vec::new();
    for group in by_number.values_mut().filter(|g| g.len() > 1) {
        group.sort_by_key(|&i| (stories[i].created_at, stories[i].id));
        movers.extend(&group[1..]);
    }
    movers.sort_by_key(|&i| (stories[i].team, stories[i].created_at, stories[i].id));
    for team in teams.iter_mut() {
        let highest = stories
            .iter()
            .filter(|s| s.team == team.id)
            .map(|s| s.number)
            .max()
            .unwrap_or(0);
        team.next_story_number = team.next_story_number.max(highest + 1);
    }
    for i in movers {
        if let Some(team) = teams.iter_mut().find(|t| t.id == stories[i].team) {
            Arc::make_mut(&mut stories[i]).number = team.next_story_number;
            team.next_story_number += 1;
        }
    }
}

fn renumber_epics(epics: &mut [Epic], next: &mut u32) {
    let highest = epics.iter().map(|e| e.number).max().unwrap_or(0);
    *next = (*next).max(highest + 1);
    let mut by_number: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, e) in epics.iter().enumerate() {
        by_number.entry(e.number).or_default().push(i);
    }
    let mut movers: Vec<usize> = Vec::new();
    for group in by_number.values_mut().filter(|g| g.len() > 1) {
        group.sort_by_key(|&i| (epics[i].created_at, epics[i].id));
        movers.extend(&group[1..]);
    }
    movers.sort_by_key(|&i| (epics[i].created_at, epics[i].id));
    for i in movers {
        epics[i].number = *next;
        *next += 1;
    }
}

/// Links to what the other tab deleted are dropped.
fn drop_dangling(stories: &mut [Arc<Story>], epics: &[Epic], constraints: &[Constraint]) {
    let story_ids: HashSet<StoryId> = stories.iter().map(|s| s.id).collect();
    let epic_ids: HashSet<_> = epics.iter().map(|e| e.id).collect();
    let constraint_ids: HashSet<_> = constraints.iter().map(|c| c.id).collect();
    for story in stories {
        let dangling = story.depends_on.iter().any(|d| !story_ids.contains(d))
            || story
                .constraints
                .iter()
                .any(|c| !constraint_ids.contains(c))
            || story.epic.is_some_and(|e| !epic_ids.contains(&e));
        if !dangling {
            continue;
        }
        let story = Arc::make_mut(story);
        story.depends_on.retain(|d| story_ids.contains(d));
        story.constraints.retain(|c| constraint_ids.contains(c));
        if story.epic.is_some_and(|e| !epic_ids.contains(&e)) {
            story.epic = None;
        }
    }
}

/// Each tab may have added one half of a dependency cycle; the dependencies
/// not in the base are dropped, ours first, until none is left.
fn break_cycles(stories: &mut [Arc<Story>], base: &Workspace, ours: &Workspace) {
    while let Some(cycle) = find_cycle(stories) {
        let pairs: Vec<(StoryId, StoryId)> = cycle.windows(2).map(|w| (w[0], w[1])).collect();
        let is_new = |(from, to): &(StoryId, StoryId)| {
            base.story(*from).is_none_or(|s| !s.depends_on.contains(to))
        };
        let ours_added = |(from, to): &(StoryId, StoryId)| {
            ours.story(*from).is_some_and(|s| s.depends_on.contains(to))
        };
        let pick = pairs
            .iter()
            .find(|p| is_new(p) && ours_added(p))
            .or_else(|| pairs.iter().find(|p| is_new(p)))
            .or_else(|| pairs.first())
            .copied();
        let Some((from, to)) = pick else { return };
        if let Some(story) = stories.iter_mut().find(|s| s.id == from) {
            Arc::make_mut(story).depends_on.retain(|d| *d != to);
        }
    }
}
