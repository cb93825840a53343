//! The kinds of notice the bot sends on its own, stored by code in `notifications.kind`.

/// What a queued notice is about; the planner queues it, `render` picks its words by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoticeKind {
    /// A reminder's time has come (call-back, «⏰ Напомнить», …).
    Due,
    /// The evening before a meeting.
    MeetingEve,
    /// Shortly before a meeting.
    MeetingSoon,
    /// After a meeting: a prompt to log how it went.
    MeetingAfter,
    /// The morning agenda: today's items and what is overdue.
    Agenda,
    /// A silent deal: one deal (with `deal_id`) or every deal one pass found silent (without).
    Nudge,
    /// An overdue reminder, told to the heads: one (with `reminder_id`) or a pass's list (without).
    Escalation,
    /// The weekly digest for the heads of sales.
    Digest,
    /// A user blocked the bot; told to the heads.
    Blocked,
}

impl NoticeKind {
    pub const ALL: [NoticeKind; 9] = [
        NoticeKind::Due,
        NoticeKind::MeetingEve,
        NoticeKind::MeetingSoon,
        NoticeKind::MeetingAfter,
        NoticeKind::Agenda,
        NoticeKind::Nudge,
        NoticeKind::Escalation,
        NoticeKind::Digest,
        NoticeKind::Blocked,
    ];

    pub fn code(self) -> &'static str {
        match self {
            NoticeKind::Due => "due",
            NoticeKind::MeetingEve => "meeting_eve",
            NoticeKind::MeetingSoon => "meeting_soon",
            NoticeKind::MeetingAfter => "meeting_after",
            NoticeKind::Agenda => "agenda",
            NoticeKind::Nudge => "nudge",
            NoticeKind::Escalation => "escalation",
            NoticeKind::Digest => "digest",
            NoticeKind::Blocked => "blocked",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_notice_kind_reads_back_from_its_stored_code() {
        for k in NoticeKind::ALL {
            assert_eq!(NoticeKind::from_code(k.code()), Some(k));
        }
        assert_eq!(NoticeKind::from_code("reminder"), None);
    }

    #[test]
    fn the_stored_codes_are_the_ones_already_in_the_queue() {
        let codes: Vec<_> = NoticeKind::ALL.iter().map(|k| k.code()).collect();
        assert_eq!(
            codes,
            [
                "due",
                "meeting_eve",
                "meeting_soon",
                "meeting_after",
                "agenda",
                "nudge",
                "escalation",
                "digest",
                "blocked"
            ]
        );
    }
}
