//! Conversation state and the form engine, independent of Telegram and the database.
//!
//! A dialogue is either idle or filling a form. A form is a list of fields (data, in `forms`);
//! the engine decides which field is current, turns an input into an answer or a rejection, and
//! says when the form is complete. What a completed form does is the application layer's job.

pub mod button;
pub mod engine;
pub mod forms;

pub use button::{FormButton, VoiceAction};
pub use engine::{accept, Answer, Answers, Input, Offer, Rejection};
pub use forms::{Field, FieldKind, FormKind, OptionSource, Skip};

use serde::{Deserialize, Serialize};

/// The whole conversation state of one chat, stored as JSON in the `dialogues` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum State {
    #[default]
    Idle,
    Form(FormState),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormState {
    pub kind: FormKind,
    /// This run of the form: buttons carry it with `seq`, so a button of another form, or of an
    /// earlier run of the same one, never answers the current question.
    #[serde(default)]
    pub id: u32,
    pub answers: Answers,
    /// Bumped at every question asked; buttons carry it, so a button from an older question is
    /// recognised as stale instead of answering the current one.
    pub seq: u32,
    /// A voice answer to the current question, being transcribed or waiting for the manager to
    /// confirm its transcript. Nothing of it is an answer until they do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dictation: Option<Dictation>,
    /// Answers given by voice: their recordings go on the deal's timeline with the words.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dictated: Vec<Dictated>,
}

/// A voice message sent as the answer to a question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dictation {
    pub file_id: String,
    pub duration: u32,
    /// The question it answers (the form's `seq` when it came).
    pub seq: u32,
    /// The words heard, once the engine answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Why the engine gave no words (a locale key), when it failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failed: Option<String>,
}

/// An answer that came by voice: the recording and the words it was saved as.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dictated {
    pub key: String,
    pub file_id: String,
    pub duration: u32,
    pub text: String,
}

impl FormState {
    pub fn new(kind: FormKind) -> Self {
        Self {
            kind,
            id: rand::random_range(1..=u32::MAX),
            answers: Answers::default(),
            seq: 0,
            dictation: None,
            dictated: Vec::new(),
        }
    }

    /// The first field, in order, that is not answered yet and applies given earlier answers.
    pub fn current(&self) -> Option<&'static Field> {
        self.kind
            .fields()
            .iter()
            .find(|f| !self.answers.contains_key(f.key) && f.applies(&self.answers))
    }

    /// Position of the current field among the fields that apply, and how many apply: «2/6».
    pub fn progress(&self) -> (usize, usize) {
        let applicable: Vec<&Field> = self
            .kind
            .fields()
            .iter()
            .filter(|f| f.applies(&self.answers))
            .filter(|f| !matches!(self.answers.get(f.key), Some(Answer::Passed)))
            .collect();
        let done = applicable
            .iter()
            .filter(|f| self.answers.contains_key(f.key))
            .count();
        (done + 1, applicable.len())
    }
}
