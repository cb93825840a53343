//! Readers of files: a document of given types and size, and what a manager logs after a call
//! (text, a voice message, a file or a photo).

use super::text::bounded;
use super::{Answer, Arg, Input, Rejection};

/// A document with one of `exts`, not empty and at most `max_bytes`.
pub(super) fn document(input: &Input, exts: &[&str], max_bytes: u64) -> Result<Answer, Rejection> {
    match input {
        Input::Document {
            file_id,
            name,
            size,
            ..
        } => {
            let ext = name.rsplit_once('.').map(|(_, e)| e.to_lowercase());
            if !ext.is_some_and(|e| exts.contains(&e.as_str())) {
                return Err(Rejection::new("err-doc-ext").with("exts", Arg::Str(exts.join(", "))));
            }
            if *size > max_bytes {
                return Err(Rejection::new("err-doc-size")
                    .with("mb", Arg::Num((max_bytes / (1024 * 1024)) as i64)));
            }
            if *size == 0 {
                return Err(Rejection::new("err-doc-empty"));
            }
            Ok(Answer::File {
                file_id: file_id.clone(),
                name: name.clone(),
                size: *size,
                caption: None,
            })
        }
        _ => Err(Rejection::new("err-doc-expected").with("exts", Arg::Str(exts.join(", ")))),
    }
}

/// Text, a voice message, a file or a photo; words sent with a file are kept up to `max`.
pub(super) fn attachment(input: &Input, max: usize) -> Result<Answer, Rejection> {
    match input {
        Input::Voice { file_id, duration } => Ok(Answer::Voice {
            file_id: file_id.clone(),
            duration: *duration,
            transcript: None,
        }),
        Input::Document {
            file_id,
            name,
            size,
            caption,
        } => Ok(Answer::File {
            file_id: file_id.clone(),
            name: name.clone(),
            size: *size,
            caption: kept_caption(caption, max)?,
        }),
        Input::Photo { file_id, caption } => Ok(Answer::File {
            file_id: file_id.clone(),
            name: "photo.jpg".into(),
            size: 0,
            caption: kept_caption(caption, max)?,
        }),
        Input::Text(_) => bounded(input, max).map(Answer::Text),
        _ => Err(Rejection::new("err-attachment-expected")),
    }
}

/// The words sent with a file, checked like a typed answer; none when there were none.
fn kept_caption(caption: &Option<String>, max: usize) -> Result<Option<String>, Rejection> {
    match caption.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(c) => bounded(&Input::Text(c.to_owned()), max).map(Some),
    }
}

#[cfg(test)]
mod tests {
    use crate::dialogue::engine::testing::{ctx, field};
    use crate::dialogue::engine::*;
    use crate::dialogue::FormKind;

    #[test]
    fn a_voice_note_is_a_valid_log_entry() {
        let f = field(FormKind::LogActivity { deal_id: 1 }, "body");
        let v = Input::Voice {
            file_id: "AwAD".into(),
            duration: 12,
        };
        assert_eq!(
            accept(f, &v, &ctx(&[])),
            Ok(Answer::Voice {
                file_id: "AwAD".into(),
                duration: 12,
                transcript: None,
            })
        );
        assert_eq!(
            accept(f, &Input::Other, &ctx(&[])),
            Err(Rejection::new("err-attachment-expected"))
        );
    }

    #[test]
    fn a_questionnaire_must_be_a_document_of_the_right_type() {
        let f = field(FormKind::Questionnaire, "file");
        let exe = Input::Document {
            file_id: "f".into(),
            name: "virus.exe".into(),
            size: 10,
            caption: None,
        };
        assert_eq!(accept(f, &exe, &ctx(&[])).unwrap_err().key, "err-doc-ext");
        let big = Input::Document {
            file_id: "f".into(),
            name: "a.PDF".into(),
            size: 50 << 20,
            caption: None,
        };
        assert_eq!(accept(f, &big, &ctx(&[])).unwrap_err().key, "err-doc-size");
        let ok = Input::Document {
            file_id: "f".into(),
            name: "Анкета.docx".into(),
            size: 1000,
            caption: None,
        };
        assert!(accept(f, &ok, &ctx(&[])).is_ok());
    }
}
