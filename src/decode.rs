//! Decoding events from a record body without buffering.
//!
//! `Event` and `Marks` are written internally tagged (`{"type": "checked_in", "seat": 3}`).
//! serde's derived decoder for that form buffers every field into an intermediate tree
//! before it knows the variant, which was most of `verify`'s time. A log's writer always
//! puts the tag first (serde serialises it first), so the decoder here reads the tag and
//! then the variant's fields straight from the input. An object whose tag is not first
//! (JSON does not order keys) takes the slow path: its fields are collected, then decoded.

use std::fmt;

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};

use crate::event::{Binding, BoxNote, Choice, Event, Marks, Outcome, RoundReason, StationBinding};

/// The tag and the other fields of an object whose tag is not its first key.
type Collected = (String, Vec<(String, serde_json::Value)>);

fn collect<'de, A: MapAccess<'de>>(
    first: String,
    map: &mut A,
    tag: &'static str,
) -> Result<Collected, A::Error> {
    let mut entries = vec![(first, map.next_value::<serde_json::Value>()?)];
    while let Some(entry) = map.next_entry::<String, serde_json::Value>()? {
        entries.push(entry);
    }
    let at = entries
        .iter()
        .position(|(k, _)| k == tag)
        .ok_or_else(|| de::Error::missing_field(tag))?;
    let (_, value) = entries.remove(at);
    match value {
        serde_json::Value::String(t) => Ok((t, entries)),
        other => Err(de::Error::invalid_type(
            de::Unexpected::Other(&other.to_string()),
            &"a string",
        )),
    }
}

/// A key that is the tag reads as `None`, without allocating; any other key as itself.
struct KeyIs(&'static str);

impl<'de> de::DeserializeSeed<'de> for KeyIs {
    type Value = Option<String>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for KeyIs {
    type Value = Option<String>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok((v != self.0).then(|| v.to_string()))
    }
}

/// A tag's value, borrowed from the input where it can be (a tag has no escapes).
struct Tag<'de>(std::borrow::Cow<'de, str>);

impl<'de> Deserialize<'de> for Tag<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Tag<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Tag<'de>, E> {
                Ok(Tag(std::borrow::Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Tag<'de>, E> {
                Ok(Tag(std::borrow::Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_str(V)
    }
}

/// Decode a tagged object with `decode(tag, rest_of_map)`, fast (and allocating neither the
/// tag's key nor its value) when the tag is first.
macro_rules! tagged {
    ($map:ident, $tag:literal, $decode:ident) => {{
        match $map.next_key_seed(KeyIs($tag))? {
            Some(None) => {
                let t = $map.next_value::<Tag>()?;
                $decode(&t.0, $map)
            }
            Some(Some(k)) => {
                let (t, rest) = collect(k, &mut $map, $tag)?;
                let rest = serde::de::value::MapDeserializer::<_, serde_json::Error>::new(
                    rest.into_iter(),
                );
                $decode(&t, rest).map_err(de::Error::custom)
            }
            None => Err(de::Error::missing_field($tag)),
        }
    }};
}

/// Decode the rest of the map into a variant's fields, with unknown fields refused.
macro_rules! variant {
    ($map:ident, $ty:ident :: $variant:ident { $($field:ident : $t:ty),* $(,)? }) => {{
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Fields {
            $($field: $t,)*
        }
        let Fields { $($field),* } = Fields::deserialize(MapAccessDeserializer::new($map))?;
        $ty::$variant { $($field),* }
    }};
}

struct EventVisitor;

impl<'de> Visitor<'de> for EventVisitor {
    type Value = Event;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an event object whose first field is `type`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Event, A::Error> {
        tagged!(map, "type", event_fields)
    }
}

/// The fields of the event `tag` from the rest of its object.
fn event_fields<'de, A: MapAccess<'de>>(tag: &str, map: A) -> Result<Event, A::Error> {
    {
        Ok(match tag {
            "session_bound" => Event::SessionBound(Box::new(Binding::deserialize(
                MapAccessDeserializer::new(map),
            )?)),
            "checked_in" => variant!(map, Event::CheckedIn { seat: u32 }),
            "marked_on_leave" => variant!(map, Event::MarkedOnLeave { seat: u32 }),
            "marked_absent" => variant!(map, Event::MarkedAbsent { seat: u32 }),
            "round_opened" => variant!(
                map,
                Event::RoundOpened {
                    item: String,
                    from: String,
                    round: u32,
                    reason: RoundReason,
                    candidates: Vec<String>,
                    places: Option<u32>,
                }
            ),
            "item_opened" => variant!(
                map,
                Event::ItemOpened {
                    item: String,
                    issued: u32
                }
            ),
            "ballot_recorded" => variant!(
                map,
                Event::BallotRecorded {
                    item: String,
                    ballot: u32,
                    seat: Option<u32>,
                    marks: Marks,
                    replaces: Option<u32>,
                }
            ),
            "ballot_voided" => variant!(
                map,
                Event::BallotVoided {
                    item: String,
                    ballot: u32,
                    reason: String,
                }
            ),
            "ballots_imported" => variant!(
                map,
                Event::BallotsImported {
                    item: String,
                    file: String,
                    sha256: String,
                    ballots: u32,
                }
            ),
            "item_closed" => variant!(map, Event::ItemClosed { item: String }),
            "result_declared" => variant!(
                map,
                Event::ResultDeclared {
                    item: String,
                    outcome: Outcome,
                }
            ),
            "session_resumed" => variant!(map, Event::SessionResumed {}),
            "tail_repaired" => variant!(
                map,
                Event::TailRepaired {
                    bytes: u64,
                    sha256: String,
                    batch_records: u64,
                    side_file: String,
                }
            ),
            "session_closed" => variant!(
                map,
                Event::SessionClosed {
                    records: u64,
                    declared: Vec<String>,
                }
            ),
            "batch" => variant!(map, Event::Batch { records: u32 }),
            other => return room_fields(other, map),
        })
    }
}

/// The counting room's and the stations' events of type `tag`, from the rest of their
/// object.
fn room_fields<'de, A: MapAccess<'de>>(tag: &str, map: A) -> Result<Event, A::Error> {
    Ok(match tag {
        "box_imported" => {
            Event::BoxImported(BoxNote::deserialize(MapAccessDeserializer::new(map))?)
        }
        "boxes_sealed" => variant!(
            map,
            Event::BoxesSealed {
                item: String,
                boxes: Vec<String>,
                collected: u32,
            }
        ),
        "boxes_reconciled" => variant!(
            map,
            Event::BoxesReconciled {
                item: String,
                counted: u32,
                collected: u32,
                missing: Vec<String>,
                reason: String,
            }
        ),
        "station_bound" => Event::StationBound(Box::new(StationBinding::deserialize(
            MapAccessDeserializer::new(map),
        )?)),
        "station_closed" => variant!(
            map,
            Event::StationClosed {
                ballots: u32,
                records: u64,
            }
        ),
        other => {
            return Err(de::Error::unknown_variant(other, &crate::log::EVENT_TYPES));
        }
    })
}

impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Event, D::Error> {
        d.deserialize_map(EventVisitor)
    }
}

const FORMS: [&str; 6] = ["choices", "ticks", "election", "ratings", "spoiled", "void"];

struct MarksVisitor;

impl<'de> Visitor<'de> for MarksVisitor {
    type Value = Marks;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a marks object whose first field is `form`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Marks, A::Error> {
        tagged!(map, "form", marks_fields)
    }
}

/// The marks of form `tag` from the rest of their object.
fn marks_fields<'de, A: MapAccess<'de>>(tag: &str, map: A) -> Result<Marks, A::Error> {
    {
        Ok(match tag {
            "choices" => variant!(map, Marks::Choices { choices: Vec<Choice> }),
            "ticks" => variant!(map, Marks::Ticks { ticked: Vec<String> }),
            "election" => variant!(
                map,
                Marks::Election {
                    choices: Vec<Choice>,
                    write_ins: Vec<String>,
                }
            ),
            "ratings" => variant!(map, Marks::Ratings { labels: Vec<String> }),
            "void" => variant!(map, Marks::Void { reason: String }),
            "spoiled" => {
                #[derive(serde::Deserialize)]
                #[serde(deny_unknown_fields)]
                struct Fields {}
                Fields::deserialize(MapAccessDeserializer::new(map))?;
                Marks::Spoiled
            }
            other => return Err(de::Error::unknown_variant(other, &FORMS)),
        })
    }
}

impl<'de> Deserialize<'de> for Marks {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Marks, D::Error> {
        d.deserialize_map(MarksVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{BoxEntry, Comparison, Decision};

    #[test]
    fn every_event_and_marks_form_round_trips() {
        let events = vec![
            Event::CheckedIn { seat: 3 },
            Event::MarkedOnLeave { seat: 4 },
            Event::MarkedAbsent { seat: 5 },
            Event::RoundOpened {
                item: "p".into(),
                from: "p".into(),
                round: 2,
                reason: RoundReason::Tie,
                candidates: vec!["a".into()],
                places: Some(1),
            },
            Event::ItemOpened {
                item: "p".into(),
                issued: 9,
            },
            Event::BallotRecorded {
                item: "p".into(),
                ballot: 1,
                seat: None,
                marks: Marks::Choices {
                    choices: vec![Choice::For, Choice::Abstain],
                },
                replaces: None,
            },
            Event::BallotRecorded {
                item: "p".into(),
                ballot: 2,
                seat: Some(7),
                marks: Marks::Ticks {
                    ticked: vec!["a".into()],
                },
                replaces: None,
            },
            Event::BallotRecorded {
                item: "r".into(),
                ballot: 3,
                seat: None,
                marks: Marks::Ratings {
                    labels: vec!["满意".into()],
                },
                replaces: None,
            },
            Event::BallotRecorded {
                item: "p".into(),
                ballot: 4,
                seat: None,
                marks: Marks::Spoiled,
                replaces: None,
            },
            Event::BallotRecorded {
                item: "p".into(),
                ballot: 5,
                seat: None,
                marks: Marks::Void {
                    reason: "签名".into(),
                },
                replaces: None,
            },
            Event::BallotVoided {
                item: "p".into(),
                ballot: 1,
                reason: "x".into(),
            },
            Event::BallotsImported {
                item: "p".into(),
                file: "k.csv".into(),
                sha256: "0".repeat(64),
                ballots: 2,
            },
            Event::BoxesSealed {
                item: "p".into(),
                boxes: vec!["1".into(), "２".into()],
                collected: 7,
            },
            Event::BoxesReconciled {
                item: "p".into(),
                counted: 6,
                collected: 7,
                missing: vec!["２".into()],
                reason: "box 2 was empty".into(),
            },
            Event::BoxImported(BoxNote {
                item: "p".into(),
                r#box: "3".into(),
                entries: vec![BoxEntry {
                    teller: "甲".into(),
                    station_head: "1".repeat(64),
                    station_records: 4,
                    ballots: 2,
                    hand_count: 3,
                }],
                comparison: Comparison::ByOrder,
                decisions: vec![
                    Decision::Reading {
                        ballot: 2,
                        first: crate::event::Reading {
                            seat: None,
                            marks: Marks::Spoiled,
                        },
                        second: crate::event::Reading {
                            seat: None,
                            marks: Marks::Ticks { ticked: vec![] },
                        },
                        decided: crate::event::Reading {
                            seat: None,
                            marks: Marks::Spoiled,
                        },
                        reason: "纸面无法辨认".into(),
                    },
                    Decision::Entry {
                        chosen: 2,
                        reason: "重点".into(),
                    },
                    Decision::HandCount {
                        teller: "甲".into(),
                        keyed: 2,
                        hand_count: 3,
                        reason: "复点为 2 张".into(),
                    },
                ],
                confirmed_by: vec!["王五".into()],
                ballots: 2,
            }),
            Event::StationBound(Box::new(StationBinding {
                session_log: "2".repeat(64),
                round_record: 9,
                round_hash: "3".repeat(64),
                item: "p".into(),
                title: "项目".into(),
                choices: vec![("a".into(), "甲项目".into())],
                secret: true,
                r#box: "3".into(),
                teller: "乙".into(),
                hand_count: 3,
                order_kept: true,
            })),
            Event::StationClosed {
                ballots: 2,
                records: 4,
            },
            Event::ItemClosed { item: "p".into() },
            Event::SessionResumed {},
            Event::TailRepaired {
                bytes: 3,
                sha256: "0".repeat(64),
                batch_records: 0,
                side_file: "f".into(),
            },
            Event::SessionClosed {
                records: 9,
                declared: vec!["p".into()],
            },
            Event::Batch { records: 2 },
        ];
        for e in events {
            let json = serde_json::to_string(&e).expect("json");
            let back: Event = serde_json::from_str(&json).expect(&json);
            assert_eq!(back, e, "{json}");
        }
    }

    #[test]
    fn refuses_what_the_derived_decoder_refused() {
        for bad in [
            r#"{"type":"checked_in","seat":1,"extra":2}"#,
            r#"{"type":"checked_in"}"#,
            r#"{"type":"no_such_event"}"#,
            r#"{"type":"session_resumed","x":1}"#,
            r#"{"type":"ballot_recorded","item":"p","ballot":1,"seat":null,"marks":{"form":"spoiled","x":1}}"#,
            r#"{"seat":1,"type":"checked_in","x":2}"#,
            r#"{"seat":1,"type":3}"#,
            r#"[]"#,
        ] {
            assert!(serde_json::from_str::<Event>(bad).is_err(), "{bad}");
        }
        // The tag need not come first (slower, same result).
        let e: Event = serde_json::from_str(
            r#"{"seat":null,"marks":{"choices":["for"],"form":"choices"},"item":"p","type":"ballot_recorded","ballot":1}"#,
        )
        .expect("keys in any order");
        assert_eq!(
            e,
            Event::BallotRecorded {
                item: "p".into(),
                ballot: 1,
                seat: None,
                marks: Marks::Choices {
                    choices: vec![Choice::For]
                },
                replaces: None,
            }
        );
        // A missing optional field is null, as before.
        let e: Event = serde_json::from_str(
            r#"{"type":"ballot_recorded","item":"p","ballot":1,"marks":{"form":"spoiled"}}"#,
        )
        .expect("seat may be left out");
        assert!(matches!(e, Event::BallotRecorded { seat: None, .. }));
    }
}
