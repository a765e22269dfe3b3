//! Where in a JSON text a position is, as a path like `stories[3].estimate`.
//!
//! Import errors must name the field at fault. serde_json reports the line
//! and column where typed reading failed; walking the text up to there gives
//! the path. (A path-tracking deserializer wrapper did the same at the cost
//! of a copy of the reading code for every type, about 5 % of the app.)

/// One open container on the way to the position.
enum Level {
    /// In an object, after the key read last (none before the first key and
    /// after each comma).
    Object(Option<String>),
    /// In an array, at this element.
    Array(usize),
}

/// The path of the value being read at `line` and `column` (as serde_json
/// counts them: lines from 1, bytes within the line) in `text`. Empty for
/// the top level.
pub fn path_at(text: &str, line: usize, column: usize) -> String {
    let start = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    let end = (start + column).min(text.len());
    let mut levels: Vec<Level> = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    // Whether the string just read is an object's key.
    let mut expect_key = false;
    while i < end {
        match bytes[i] {
            b'{' => {
                levels.push(Level::Object(None));
                expect_key = true;
            }
            b'[' => levels.push(Level::Array(0)),
            b'}' | b']' => {
                levels.pop();
                expect_key = false;
            }
            b',' => match levels.last_mut() {
                Some(Level::Object(key)) => {
                    *key = None;
                    expect_key = true;
                }
                Some(Level::Array(index)) => *index += 1,
                None => {}
            },
            b'"' => {
                let (content, next) = read_string(text, i + 1);
                if expect_key && let Some(Level::Object(key)) = levels.last_mut() {
                    *key = Some(content);
                }
                expect_key = false;
                i = next;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for level in &levels {
        match level {
            Level::Object(Some(key)) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Level::Object(None) => {}
            Level::Array(index) => path.push_str(&format!("[{index}]")),
        }
    }
    path
}

/// The string starting after an opening quote at `from`: its text (escapes
/// kept as written; keys in Tandem's files have none) and the position after
/// its closing quote.
fn read_string(text: &str, from: usize) -> (String, usize) {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return (text.get(from..i).unwrap_or_default().to_string(), i + 1),
            _ => i += 1,
        }
    }
    (
        text.get(from..).unwrap_or_default().to_string(),
        bytes.len(),
    )
}

#[cfg(test)]
mod tests {
    use super::path_at;

    fn at_marker(text: &str) -> String {
        let offset = text.find('§').expect("a marker");
        let line = text[..offset].matches('\n').count() + 1;
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        path_at(&text.replace('§', ""), line, offset - line_start)
    }

    #[test]
    fn names_keys_and_indexes_on_the_way() {
        assert_eq!(at_marker(r#"{"a":{"b":[1,2,{"c":"x"§}]}}"#), "a.b[2].c");
        assert_eq!(at_marker(r#"{"a":[{"x":1},{"y":"five"§}]}"#), "a[1].y");
        assert_eq!(at_marker(r#"{"a":[{"x":1},{"y":2}§]}"#), "a[1]");
        assert_eq!(at_marker(r#"{"a":1,"b§"#), "b");
        assert_eq!(at_marker(r#"{"a":1,§"b":2}"#), "");
        assert_eq!(at_marker("§{}"), "");
    }

    #[test]
    fn reads_pretty_text_by_line_and_column() {
        let text = "{\n  \"stories\": [\n    {\n      \"title\": \"x\",\n      \"estimate\": \"five\"§\n    }\n  ]\n}";
        assert_eq!(at_marker(text), "stories[0].estimate");
    }

    #[test]
    fn strings_with_brackets_quotes_and_commas_do_not_mislead() {
        let text = r#"{"t":"a \"quoted\", [not] {an} array","u":[",",{"v":"}"§}]}"#;
        assert_eq!(at_marker(text), "u[1].v");
    }

    #[test]
    fn broken_text_gives_a_path_without_panicking() {
        for text in ["", "\"", "{\"a", "[[[", "}}]]", "{\"a\\", "\"é"] {
            for line in 0..3 {
                for column in 0..8 {
                    let _ = path_at(text, line, column);
                }
            }
        }
    }
}
