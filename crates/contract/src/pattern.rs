//! A small, anchored regular-expression subset for form-field `pattern`s, so client and server
//! agree without a regex engine in the WASM bundle.
//!
//! Supported: literal characters, `.`, `\d`, `\w`, escaped punctuation such as `\-`,
//! character classes like `[0-9A-HJ-NP-Z]` or `[^0-9]`, and the quantifiers `?`, `*`, `+`,
//! `{n}`, `{n,}` and `{n,m}`. The whole answer must match. Groups, alternation and anchors are
//! not part of the subset, so any full regex engine reads these patterns the same way.

/// A parsed pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    atoms: Vec<Atom>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Atom {
    class: Class,
    min: usize,
    max: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Class {
    Literal(char),
    Any,
    Digit,
    Word,
    Set {
        negated: bool,
        ranges: Vec<(char, char)>,
    },
}

impl Class {
    fn matches(&self, c: char) -> bool {
        match self {
            Class::Literal(l) => *l == c,
            Class::Any => c != '\n',
            Class::Digit => c.is_ascii_digit(),
            Class::Word => c.is_ascii_alphanumeric() || c == '_',
            Class::Set { negated, ranges } => {
                ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi) != *negated
            }
        }
    }
}

/// Why a pattern is outside the subset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    /// Character offset where parsing stopped.
    pub at: usize,
}

impl std::fmt::Display for PatternError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "pattern is outside the supported subset at character {}",
            self.at
        )
    }
}

impl std::error::Error for PatternError {}

const UNBOUNDED: usize = usize::MAX;

impl Pattern {
    /// Parses a pattern, refusing anything outside the subset.
    pub fn parse(source: &str) -> Result<Pattern, PatternError> {
        let chars: Vec<char> = source.chars().collect();
        let mut atoms = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let error = PatternError { at: i };
            let class = match chars[i] {
                '\\' => {
                    i += 1;
                    escape(*chars.get(i).ok_or(error.clone())?).ok_or(error)?
                }
                '[' => {
                    let (class, next) = parse_set(&chars, i + 1)?;
                    i = next - 1;
                    class
                }
                '.' => Class::Any,
                '(' | ')' | '|' | '^' | '$' | '?' | '*' | '+' | '{' | '}' | ']' => {
                    return Err(error);
                }
                c => Class::Literal(c),
            };
            i += 1;
            let (min, max, next) = parse_quantifier(&chars, i)?;
            i = next;
            atoms.push(Atom { class, min, max });
        }
        Ok(Pattern { atoms })
    }

    /// The shortest answer that matches, built from the first character each atom allows;
    /// useful as a format example beside a field.
    pub fn example(&self) -> String {
        self.atoms
            .iter()
            .flat_map(|atom| {
                let c = match &atom.class {
                    Class::Literal(c) => *c,
                    Class::Any | Class::Word => 'A',
                    Class::Digit => '0',
                    Class::Set {
                        negated: false,
                        ranges,
                    } => ranges[0].0,
                    Class::Set {
                        negated: true,
                        ranges,
                    } => ['A', '0', 'z', '~']
                        .into_iter()
                        .find(|c| !ranges.iter().any(|&(lo, hi)| lo <= *c && *c <= hi))
                        .unwrap_or('\u{4e00}'),
                };
                std::iter::repeat_n(c, atom.min)
            })
            .collect()
    }

    /// Whether the whole of `text` matches.
    pub fn is_match(&self, text: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        match_from(&self.atoms, &chars)
    }
}

fn escape(c: char) -> Option<Class> {
    match c {
        'd' => Some(Class::Digit),
        'w' => Some(Class::Word),
        c if c.is_ascii_punctuation() => Some(Class::Literal(c)),
        _ => None,
    }
}

/// Parses the inside of `[...]` starting after `[`; returns the class and the index after `]`.
fn parse_set(chars: &[char], mut i: usize) -> Result<(Class, usize), PatternError> {
    let negated = chars.get(i) == Some(&'^');
    if negated {
        i += 1;
    }
    let mut ranges = Vec::new();
    loop {
        let error = PatternError { at: i };
        let lo = match chars.get(i) {
            None => return Err(error),
            Some(']') if !ranges.is_empty() => return Ok((Class::Set { negated, ranges }, i + 1)),
            Some('\\') => {
                i += 1;
                match chars.get(i) {
                    Some('d') => {
                        ranges.push(('0', '9'));
                        i += 1;
                        continue;
                    }
                    Some(&c) if c.is_ascii_punctuation() => c,
                    _ => return Err(error),
                }
            }
            Some(&c) => c,
        };
        i += 1;
        if chars.get(i) == Some(&'-') && chars.get(i + 1).is_some_and(|&c| c != ']') {
            let hi = chars[i + 1];
            if hi < lo {
                return Err(PatternError { at: i + 1 });
            }
            ranges.push((lo, hi));
            i += 2;
        } else {
            ranges.push((lo, lo));
        }
    }
}

/// Parses an optional quantifier at `i`; returns (min, max, index after it).
fn parse_quantifier(chars: &[char], i: usize) -> Result<(usize, usize, usize), PatternError> {
    match chars.get(i) {
        Some('?') => Ok((0, 1, i + 1)),
        Some('*') => Ok((0, UNBOUNDED, i + 1)),
        Some('+') => Ok((1, UNBOUNDED, i + 1)),
        Some('{') => {
            let close = chars[i..]
                .iter()
                .position(|&c| c == '}')
                .map(|p| p + i)
                .ok_or(PatternError { at: i })?;
            let inside: String = chars[i + 1..close].iter().collect();
            let number = |s: &str| s.parse::<usize>().map_err(|_| PatternError { at: i });
            let (min, max) = match inside.split_once(',') {
                None => {
                    let n = number(&inside)?;
                    (n, n)
                }
                Some((lo, "")) => (number(lo)?, UNBOUNDED),
                Some((lo, hi)) => (number(lo)?, number(hi)?),
            };
            if min > max || min > 1000 {
                return Err(PatternError { at: i });
            }
            Ok((min, max, close + 1))
        }
        _ => Ok((1, 1, i)),
    }
}

/// Greedy matching with backtracking; patterns are short and answers are bounded.
fn match_from(atoms: &[Atom], text: &[char]) -> bool {
    let Some((atom, rest)) = atoms.split_first() else {
        return text.is_empty();
    };
    let mut taken = 0;
    while taken < atom.max && taken < text.len() && atom.class.matches(text[taken]) {
        taken += 1;
    }
    if taken < atom.min {
        return false;
    }
    (atom.min..=taken)
        .rev()
        .any(|n| match_from(rest, &text[n..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, text: &str) -> bool {
        Pattern::parse(pattern)
            .expect("pattern parses")
            .is_match(text)
    }

    #[test]
    fn unified_social_credit_code_pattern_accepts_only_its_alphabet() {
        let p = "[0-9A-HJ-NPQRTUWXY]{18}";
        assert!(matches(p, "91330100MA2CFXXX0Q".replace('X', "8").as_str()));
        assert!(!matches(p, "91330100MA2CFIII0Q"));
        assert!(!matches(p, "91330100MA2CF8880"));
    }

    #[test]
    fn plate_pattern_with_chinese_class_and_range_quantifier() {
        let p = "[京沪浙][A-Z][A-Z0-9]{5,6}";
        assert!(matches(p, "浙A12345"));
        assert!(matches(p, "浙AD12345"));
        assert!(!matches(p, "粤A12345"));
        assert!(!matches(p, "浙A1234"));
    }

    #[test]
    fn matching_is_anchored_at_both_ends_and_backtracks() {
        assert!(matches(r"\d{3}-?\d+", "571-1234"));
        assert!(matches(r"\d{3}-?\d+", "5711234"));
        assert!(!matches(r"\d{3}", "1234"));
        assert!(matches("a*ab", "aaab"));
        assert!(matches(r"[^0-9]+\.", "abc."));
    }

    #[test]
    fn examples_match_their_own_pattern() {
        for p in [
            r"[0-9A-HJ-NPQRTUWXY]{18}",
            r"[京沪][A-Z][A-Z0-9]{5,6}",
            r"\d{3}-?\d+",
            r"[^0-9]+\.",
            "a*b",
        ] {
            let pattern = Pattern::parse(p).expect("pattern parses");
            assert!(
                pattern.is_match(&pattern.example()),
                "{p} -> {}",
                pattern.example()
            );
        }
    }

    #[test]
    fn constructs_outside_the_subset_are_refused() {
        for bad in [
            "(ab)", "a|b", "^a", "a$", "[a", "a{2", "a{3,1}", "*a", r"\q", "[z-a]",
        ] {
            assert!(Pattern::parse(bad).is_err(), "{bad} should be refused");
        }
    }
}
