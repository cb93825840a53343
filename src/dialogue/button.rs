//! What a button under a form's question answers. The engine and the chat side match on it;
//! its wire format (the part after `f:<form>:<seq>:`) is `ui::callbacks`' alone.

/// A form question's button.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormButton {
    /// Skip a question that may be skipped.
    Skip,
    /// Leave the form (what was saved stays).
    Cancel,
    /// Confirm (a question that only asks «done?»).
    Ok,
    Yes,
    No,
    /// The i-th of the question's choices.
    Choice(u16),
    /// The i-th quick answer (a day, a moment).
    Quick(u8),
    /// An amount offered for one tap, in kopecks.
    Amount(i64),
    /// A moment offered for one tap, Unix seconds.
    Moment(i64),
    /// A button under a transcript of spoken words.
    Voice(VoiceAction),
}

/// What can be done with a transcript (or with the reason there is none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoiceAction {
    /// Take the words as the answer.
    Save,
    /// Send the words back to be corrected by typing.
    Edit,
    /// Dictate again.
    Again,
    /// Try the transcription again.
    Retry,
    /// Keep the recording itself as the answer.
    Keep,
}
