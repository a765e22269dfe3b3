//! Constraints: non-functional requirements many stories must respect
//! ("Mobile data per sync ≤ 200 KB").

use super::ids::{ConstraintId, StoryId};
use super::limits::{MAX_CONSTRAINT_NAME_CHARS, MAX_CONSTRAINTS};
use super::story::check_text;
use super::text_field::text_field;
use super::validation::{FieldProblem, ImportProblem};
use super::workspace::{Workspace, WorkspaceError};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A constraint's short name ("Mobile data per sync"): 1 to
/// [`MAX_CONSTRAINT_NAME_CHARS`] characters with no spaces around it. The
/// one rule for a name typed in the form and a name read from a file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ConstraintName(String);

/// Why a text is not a constraint name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConstraintNameError;

impl fmt::Display for ConstraintNameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "a constraint name has 1 to {MAX_CONSTRAINT_NAME_CHARS} characters, with no spaces around it"
        )
    }
}

impl ConstraintName {
    /// A name typed by a person: spaces around it are dropped.
    pub fn parse(text: &str) -> Result<ConstraintName, ConstraintNameError> {
        let name = text.trim();
        if name.is_empty() || name.chars().count() > MAX_CONSTRAINT_NAME_CHARS {
            return Err(ConstraintNameError);
        }
        Ok(ConstraintName(name.to_string()))
    }
}

text_field!(ConstraintName, ConstraintNameError, ConstraintNameError);

/// How the measured value compares with the target.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    #[default]
    AtMost,
    AtLeast,
    Exactly,
}

impl Comparison {
    /// Every comparison, in menu order.
    pub const ALL: [Comparison; 3] = [Comparison::AtMost, Comparison::AtLeast, Comparison::Exactly];

    /// The value used in files and form controls.
    pub fn as_str(self) -> &'static str {
        match self {
            Comparison::AtMost => "at_most",
            Comparison::AtLeast => "at_least",
            Comparison::Exactly => "exactly",
        }
    }

    /// The sign in the sentence.
    pub fn label(self) -> &'static str {
        match self {
            Comparison::AtMost => "≤",
            Comparison::AtLeast => "≥",
            Comparison::Exactly => "=",
        }
    }
}

/// A non-functional requirement.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Constraint {
    pub id: ConstraintId,
    /// Short name, e.g. "Mobile data per sync".
    pub name: ConstraintName,
    /// The requirement in words, e.g. "As a mobile user off Wi-Fi I want…".
    pub statement: String,
    /// What is measured, e.g. "data sent per sync".
    pub metric: String,
    pub comparison: Comparison,
    /// The target value; should be a number (lint says so otherwise).
    pub target: String,
    /// The unit, e.g. "KB".
    pub unit: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Constraint {
    /// One line: "data sent per sync ≤ 200 KB".
    pub fn summary(&self) -> String {
        let metric = if self.metric.trim().is_empty() {
            self.name.as_str()
        } else {
            &self.metric
        };
        format!(
            "{} {} {} {}",
            metric.trim(),
            self.comparison.label(),
            if self.target.trim().is_empty() {
                "?"
            } else {
                self.target.trim()
            },
            self.unit.trim()
        )
        .trim_end()
        .to_string()
    }

    /// Checks the rules of this constraint alone, as a file must keep them
    /// (the same as the form's: each part at most
    /// [`super::limits::MAX_TEXT_CHARS`]).
    pub fn check_record(&self) -> Result<(), FieldProblem> {
        for (field, text) in [
            ("statement", &self.statement),
            ("metric", &self.metric),
            ("target", &self.target),
            ("unit", &self.unit),
        ] {
            check_text(text)
                .map_err(|e| FieldProblem::new(field, ImportProblem::InvalidText(e.to_string())))?;
        }
        Ok(())
    }
}

/// The fields a person edits.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ConstraintFields {
    pub name: String,
    pub statement: String,
    pub metric: String,
    pub comparison: Comparison,
    pub target: String,
    pub unit: String,
}

/// The fields checked, with the name parsed.
fn check(fields: &ConstraintFields) -> Result<(ConstraintName, ConstraintFields), WorkspaceError> {
    let name =
        ConstraintName::parse(&fields.name).map_err(|_| WorkspaceError::InvalidConstraintName)?;
    for part in [
        &fields.statement,
        &fields.metric,
        &fields.target,
        &fields.unit,
    ] {
        check_text(part)?;
    }
    Ok((name, fields.clone()))
}

impl Workspace {
    /// Every constraint, in the order they were added.
    pub fn constraints(&self) -> &[Constraint] {
        &self.constraints
    }

    /// The constraint with this id.
    pub fn constraint(&self, id: ConstraintId) -> Option<&Constraint> {
        self.constraints.iter().find(|c| c.id == id)
    }

    /// Adds a constraint.
    pub fn add_constraint(
        &mut self,
        fields: &ConstraintFields,
        now: DateTime<Utc>,
    ) -> Result<ConstraintId, WorkspaceError> {
        if self.constraints.len() >= MAX_CONSTRAINTS {
            return Err(WorkspaceError::TooMany(super::limits::Capped::Constraints));
        }
        let (name, f) = check(fields)?;
        let id = ConstraintId::new();
        self.constraints.push(Constraint {
            id,
            name,
            statement: f.statement,
            metric: f.metric,
            comparison: f.comparison,
            target: f.target,
            unit: f.unit,
            created_at: now,
            updated_at: now,
        });
        Ok(id)
    }

    /// Changes a constraint's fields.
    pub fn edit_constraint(
        &mut self,
        id: ConstraintId,
        fields: &ConstraintFields,
        now: DateTime<Utc>,
    ) -> Result<(), WorkspaceError> {
        let (name, f) = check(fields)?;
        let c = self
            .constraints
            .iter_mut()
            .find(|c| c.id == id)
            .ok_or(WorkspaceError::UnknownConstraint)?;
        c.name = name;
        c.statement = f.statement;
        c.metric = f.metric;
        c.comparison = f.comparison;
        c.target = f.target;
        c.unit = f.unit;
        c.updated_at = now;
        Ok(())
    }

    /// Removes a constraint and its links to stories.
    pub fn remove_constraint(&mut self, id: ConstraintId) -> Result<Constraint, WorkspaceError> {
        let index = self
            .constraints
            .iter()
            .position(|c| c.id == id)
            .ok_or(WorkspaceError::UnknownConstraint)?;
        for story in &mut self.stories {
            if story.constraints.contains(&id) {
                std::sync::Arc::make_mut(story)
                    .constraints
                    .retain(|c| *c != id);
            }
        }
        Ok(self.constraints.remove(index))
    }

    /// Links (or unlinks) a story and a constraint it must respect.
    pub fn link_constraint(
        &mut self,
        story: StoryId,
        constraint: ConstraintId,
        linked: bool,
        now: DateTime<Utc>,
    ) -> Result<bool, WorkspaceError> {
        if self.constraint(constraint).is_none() {
            return Err(WorkspaceError::UnknownConstraint);
        }
        let story = self.story_mut(story)?;
        let has = story.constraints.contains(&constraint);
        let changed = match (has, linked) {
            (false, true) => {
                story.constraints.push(constraint);
                true
            }
            (true, false) => {
                story.constraints.retain(|c| *c != constraint);
                true
            }
            _ => false,
        };
        if changed {
            story.updated_at = now;
        }
        Ok(changed)
    }

    /// The stories that must respect a constraint, in workspace order.
    pub fn constraint_stories(&self, id: ConstraintId) -> Vec<&super::story::Story> {
        self.stories
            .iter()
            .filter(|s| s.constraints.contains(&id))
            .map(|s| &**s)
            .collect()
    }
}
