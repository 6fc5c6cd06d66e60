//! Server-sent events, parsed from the bytes of a streamed response as they arrive: each
//! event's name and data (lines joined with `\n`), comments and unknown fields skipped, as
//! the HTML standard's event-stream format says.

/// One event of a stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamEvent {
    /// The `event:` field; `message` when absent.
    pub name: String,
    /// The `data:` lines, joined with `\n`.
    pub data: String,
}

/// Collects bytes and hands out complete events.
#[derive(Debug, Default)]
pub struct EventParser {
    pending: Vec<u8>,
}

impl EventParser {
    /// Adds `bytes` and returns every event they complete.
    pub fn push(&mut self, bytes: &[u8]) -> Vec<StreamEvent> {
        self.pending.extend_from_slice(bytes);
        let mut events = Vec::new();
        while let Some(end) = block_end(&self.pending) {
            let block: Vec<u8> = self.pending.drain(..end).collect();
            if let Some(event) = parse_block(&String::from_utf8_lossy(&block)) {
                events.push(event);
            }
        }
        events
    }
}

/// Where the first complete block (ending in a blank line) ends, blank line included.
fn block_end(bytes: &[u8]) -> Option<usize> {
    let mut previous_was_newline = false;
    let mut i = 0;
    while i < bytes.len() {
        let newline = match bytes[i] {
            b'\n' => 1,
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => 2,
            b'\r' if i + 1 < bytes.len() => 1,
            // A lone `\r` at the end may be the first half of `\r\n`: wait for more.
            b'\r' => return None,
            _ => 0,
        };
        if newline > 0 {
            if previous_was_newline {
                return Some(i + newline);
            }
            previous_was_newline = true;
            i += newline;
        } else {
            previous_was_newline = false;
            i += 1;
        }
    }
    None
}

fn parse_block(block: &str) -> Option<StreamEvent> {
    let mut name = None;
    let mut data: Option<String> = None;
    for line in block.lines() {
        if line.is_empty() || line.starts_with(':') {
            continue;
        }
        let (field, value) = line.split_once(':').unwrap_or((line, ""));
        let value = value.strip_prefix(' ').unwrap_or(value);
        match field {
            "event" => name = Some(value.to_owned()),
            "data" => match &mut data {
                Some(d) => {
                    d.push('\n');
                    d.push_str(value);
                }
                None => data = Some(value.to_owned()),
            },
            _ => {}
        }
    }
    data.map(|data| StreamEvent {
        name: name.unwrap_or_else(|| "message".to_owned()),
        data,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_arrive_whole_however_the_bytes_are_cut() {
        let stream =
            b": keep-alive\n\nevent: ticket\ndata: {\"a\":1}\n\ndata: one\r\ndata: two\r\n\r\n";
        for cut in 0..stream.len() {
            let mut parser = EventParser::default();
            let mut events = parser.push(&stream[..cut]);
            events.extend(parser.push(&stream[cut..]));
            assert_eq!(
                events,
                [
                    StreamEvent {
                        name: "ticket".into(),
                        data: "{\"a\":1}".into()
                    },
                    StreamEvent {
                        name: "message".into(),
                        data: "one\ntwo".into()
                    },
                ],
                "cut at {cut}"
            );
        }
    }

    #[test]
    fn an_unfinished_event_waits_for_its_blank_line() {
        let mut parser = EventParser::default();
        assert!(parser.push(b"event: ticket\ndata: {}\n").is_empty());
        assert_eq!(parser.push(b"\n").len(), 1);
    }
}
