//! Team roles. Codes are stable: stored in the database, never translated.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Manager,
    HeadOfSales,
    HeadOfDirection,
    Lawyer,
}

impl TryFrom<String> for Role {
    type Error = super::UnknownCode;

    fn try_from(code: String) -> Result<Self, Self::Error> {
        Role::from_code(&code).ok_or(super::UnknownCode { what: "role", code })
    }
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::Manager,
        Role::HeadOfDirection,
        Role::Lawyer,
        Role::HeadOfSales,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Manager => "manager",
            Role::HeadOfSales => "head_of_sales",
            Role::HeadOfDirection => "head_of_direction",
            Role::Lawyer => "lawyer",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Roles that work deals themselves (create clients, walk steps, log actions).
    pub fn works_deals(self) -> bool {
        matches!(self, Role::Manager | Role::HeadOfSales)
    }

    /// Roles that may open deal cards at all (their scope is checked per deal).
    pub fn sees_deals(self) -> bool {
        self != Role::Lawyer
    }

    pub fn is_head_of_sales(self) -> bool {
        self == Role::HeadOfSales
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r));
        }
        assert_eq!(Role::from_code("admin"), None);
    }
}
