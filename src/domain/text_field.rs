//! What every field rule written as a type over a text shares
//! ([`super::team::TeamName`], [`super::team::Colour`],
//! [`super::constraint::ConstraintName`]): each type has its one `parse`
//! (for what a person types: forgiving about spaces and case), and a file
//! must hold exactly what `parse` gives back, so that export → import →
//! export is byte-identical. That second half is written once, here.

/// For a newtype `$name(String)` with `$name::parse(&str) -> Result<$name,
/// $error>`: `as_str`, `Display`, `From<$name> for String` (serde's `into`)
/// and `TryFrom<String>` (serde's `try_from`) that takes only the canonical
/// form and refuses anything else with `$refused`.
macro_rules! text_field {
    ($name:ident, $error:ty, $refused:expr) => {
        impl $name {
            /// The value as text, as a file holds it.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        // Reading a field as text (`title.to_lowercase()`, `&title` where a
        // `&str` is wanted) is what a plain `String` field allowed.
        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = $error;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                let parsed = $name::parse(&value)?;
                if parsed.0 != value {
                    return Err($refused);
                }
                Ok(parsed)
            }
        }
    };
}

pub(crate) use text_field;
