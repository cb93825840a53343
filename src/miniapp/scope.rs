//! Whose deals an answer covers: the role's narrowing of the filters, as /pipeline narrows
//! them, and the lawyer's own view (what waits for the lawyer).

use crate::domain::Role;
use crate::storage::reports::Filter;
use crate::storage::users;

/// Whose deals an answer covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Deals(Filter),
    /// The lawyer's: open deals with a contract waiting for the lawyer.
    Lawyer,
}

/// The SQL condition on `d` (a deal) that a contract of it waits for the lawyer.
pub(super) const WAITS_FOR_LAWYER: &str = " AND EXISTS (SELECT 1 FROM approvals a WHERE a.deal_id = d.id AND a.state = 'pending' AND a.decider = 'lawyer')";

impl Scope {
    /// The scope as SQL conditions on `d`, each starting with ` AND`.
    pub(super) fn clause(&self) -> String {
        match self {
            Scope::Deals(f) => f.clause(),
            Scope::Lawyer => WAITS_FOR_LAWYER.to_owned(),
        }
    }
}

/// The filters asked for, narrowed by the role exactly as /pipeline narrows them; `None` when
/// the role may not ask for that.
pub fn scope_for(
    role: Role,
    user: &users::User,
    manager: Option<i64>,
    direction: Option<i64>,
) -> Option<Scope> {
    match role {
        Role::HeadOfSales => Some(Scope::Deals(Filter { manager, direction })),
        Role::HeadOfDirection => match user.direction_id {
            Some(d) if direction.is_none_or(|x| x == d) => Some(Scope::Deals(Filter {
                manager,
                direction: Some(d),
            })),
            _ => None,
        },
        Role::Manager if manager.is_none_or(|m| m == user.id) && direction.is_none() => {
            Some(Scope::Deals(Filter {
                manager: Some(user.id),
                direction: None,
            }))
        }
        Role::Manager => None,
        Role::Lawyer => Some(Scope::Lawyer),
    }
}
