//! The regulation's rules the compliance report counts. A check's code names its locale key
//! (`check-<code>`); its place in `ALL` is what a drill-down button carries.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// A deal went past the meeting without one recorded.
    Meeting,
    /// The price-list floor was named though the client did not ask for a price.
    Price,
    /// A deal went past the meeting without an approved proposal.
    Proposal,
    /// A contract went on without the lawyer's approval.
    Lawyer,
    /// An open deal nobody touched for too long.
    Silent,
    /// A due item left overdue.
    Overdue,
}

impl Check {
    pub const ALL: [Check; 6] = [
        Check::Meeting,
        Check::Price,
        Check::Proposal,
        Check::Lawyer,
        Check::Silent,
        Check::Overdue,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Check::Meeting => "meeting",
            Check::Price => "price",
            Check::Proposal => "proposal",
            Check::Lawyer => "lawyer",
            Check::Silent => "silent",
            Check::Overdue => "overdue",
        }
    }

    /// Its place in `ALL` (declared in the same order), as a button carries it.
    pub fn index(self) -> u8 {
        self as u8
    }

    pub fn from_index(i: u8) -> Option<Check> {
        Check::ALL.get(usize::from(i)).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_check_is_found_again_by_its_index() {
        for c in Check::ALL {
            assert_eq!(Check::from_index(c.index()), Some(c));
        }
        assert_eq!(Check::from_index(Check::ALL.len() as u8), None);
    }
}
