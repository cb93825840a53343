//! Every slash command, in one enum: what it is called, whether it only shows something, whom
//! Telegram's menu, the reply keyboard and /help offer it to, and the words they offer it with.
//! Parsing, the read-only routing, the menus, `setMyCommands` and /help are all derived from it.
//! (teloxide's `BotCommands` derive is not used: our descriptions come from the locales and
//! depend on the reader's role.)

use crate::domain::Role;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Start,
    New,
    Deals,
    Team,
    Directions,
    Pipeline,
    Find,
    Approvals,
    Invite,
    Templates,
    PriceList,
    Questionnaire,
    Limits,
    Reasons,
    People,
    Lost,
    Compliance,
    Export,
    Settings,
    Help,
    Cancel,
}

impl Command {
    /// In the order menus and /help list them.
    pub const ALL: [Command; 21] = [
        Command::Start,
        Command::New,
        Command::Deals,
        Command::Team,
        Command::Directions,
        Command::Pipeline,
        Command::Find,
        Command::Approvals,
        Command::Invite,
        Command::Templates,
        Command::PriceList,
        Command::Questionnaire,
        Command::Limits,
        Command::Reasons,
        Command::People,
        Command::Lost,
        Command::Compliance,
        Command::Export,
        Command::Settings,
        Command::Help,
        Command::Cancel,
    ];

    /// What is typed after the slash.
    pub fn name(self) -> &'static str {
        match self {
            Command::Start => "start",
            Command::New => "new",
            Command::Deals => "deals",
            Command::Team => "team",
            Command::Directions => "directions",
            Command::Pipeline => "pipeline",
            Command::Find => "find",
            Command::Approvals => "approvals",
            Command::Invite => "invite",
            Command::Templates => "templates",
            Command::PriceList => "pricelist",
            Command::Questionnaire => "questionnaire",
            Command::Limits => "limits",
            Command::Reasons => "reasons",
            Command::People => "people",
            Command::Lost => "lost",
            Command::Compliance => "compliance",
            Command::Export => "export",
            Command::Settings => "settings",
            Command::Help => "help",
            Command::Cancel => "cancel",
        }
    }

    /// A command's name as typed (already without the slash and the bot's @name), any case.
    pub fn parse(name: &str) -> Option<Command> {
        Command::ALL
            .into_iter()
            .find(|c| c.name().eq_ignore_ascii_case(name))
    }

    /// Shows something and changes nothing: served from the read pool, beside the writer.
    pub fn only_reads(self) -> bool {
        match self {
            Command::Help
            | Command::Deals
            | Command::Pipeline
            | Command::People
            | Command::Lost
            | Command::Compliance
            | Command::Team
            | Command::Directions
            | Command::PriceList
            | Command::Approvals
            | Command::Templates
            | Command::Reasons => true,
            // the rest may write: a form or a setting, the last search, an export's log
            Command::Start
            | Command::New
            | Command::Find
            | Command::Invite
            | Command::Questionnaire
            | Command::Limits
            | Command::Export
            | Command::Settings
            | Command::Cancel => false,
        }
    }

    /// Whether menus and /help offer it to a role. Anyone may type any command: the feature
    /// itself checks the role again.
    pub fn offered_to(self, role: Role) -> bool {
        let head = role == Role::HeadOfSales;
        match self {
            Command::Settings | Command::Help | Command::Cancel => true,
            Command::New => role.works_deals(),
            Command::Deals | Command::Pipeline | Command::Find => role.sees_deals(),
            Command::Approvals => role != Role::Manager,
            Command::Templates => matches!(role, Role::HeadOfSales | Role::Lawyer),
            Command::Questionnaire => matches!(role, Role::HeadOfSales | Role::HeadOfDirection),
            Command::Team
            | Command::Invite
            | Command::Directions
            | Command::PriceList
            | Command::Limits
            | Command::Reasons => head,
            // reached from /pipeline's buttons, or by link
            Command::Start
            | Command::People
            | Command::Lost
            | Command::Compliance
            | Command::Export => false,
        }
    }

    /// Its line in Telegram's command menu (`cmd-…`), for the commands that menu lists; the
    /// rest are in /help only.
    pub fn menu_description(self) -> Option<&'static str> {
        Some(match self {
            Command::New => "cmd-new",
            Command::Deals => "cmd-deals",
            Command::Pipeline => "cmd-pipeline",
            Command::Find => "cmd-find",
            Command::Team => "cmd-team",
            Command::Invite => "cmd-invite",
            Command::Approvals => "cmd-approvals",
            Command::Templates => "cmd-templates",
            Command::Settings => "cmd-settings",
            Command::Help => "cmd-help",
            Command::Cancel => "cmd-cancel",
            Command::Start
            | Command::Directions
            | Command::PriceList
            | Command::Questionnaire
            | Command::Limits
            | Command::Reasons
            | Command::People
            | Command::Lost
            | Command::Compliance
            | Command::Export => return None,
        })
    }

    /// Its button on the reply keyboard (`menu-…`), for the commands that have one.
    pub fn keyboard_label(self) -> Option<&'static str> {
        Some(match self {
            Command::New => "menu-new",
            Command::Deals => "menu-deals",
            Command::Team => "menu-team",
            Command::Directions => "menu-directions",
            Command::Pipeline => "menu-pipeline",
            Command::Find => "menu-find",
            Command::Approvals => "menu-approvals",
            Command::Settings => "menu-settings",
            Command::Help => "menu-help",
            Command::Start
            | Command::Invite
            | Command::Templates
            | Command::PriceList
            | Command::Questionnaire
            | Command::Limits
            | Command::Reasons
            | Command::People
            | Command::Lost
            | Command::Compliance
            | Command::Export
            | Command::Cancel => return None,
        })
    }

    /// Its line in /help (`help-cmd-…`, told apart by role where the words differ), for the
    /// commands /help lists.
    pub fn help_line(self) -> Option<&'static str> {
        Some(match self {
            Command::New => "help-cmd-new",
            Command::Deals => "help-cmd-deals",
            Command::Team => "help-cmd-team",
            Command::Directions => "help-cmd-directions",
            Command::Pipeline => "help-cmd-pipeline",
            Command::Find => "help-cmd-find",
            Command::Approvals => "help-cmd-approvals",
            Command::Invite => "help-cmd-invite",
            Command::Templates => "help-cmd-templates",
            Command::PriceList => "help-cmd-pricelist",
            Command::Questionnaire => "help-cmd-questionnaire",
            Command::Limits => "help-cmd-limits",
            Command::Reasons => "help-cmd-reasons",
            Command::Settings => "help-cmd-settings",
            Command::Help => "help-cmd-help",
            Command::Cancel => "help-cmd-cancel",
            Command::Start
            | Command::People
            | Command::Lost
            | Command::Compliance
            | Command::Export => return None,
        })
    }

    /// The commands Telegram's menu lists for a role: (name, description key).
    pub fn menu_for(role: Role) -> Vec<(&'static str, &'static str)> {
        Command::ALL
            .into_iter()
            .filter(|c| c.offered_to(role))
            .filter_map(|c| c.menu_description().map(|d| (c.name(), d)))
            .collect()
    }

    /// The reply keyboard's commands for a role, two to a row.
    pub fn keyboard_for(role: Role) -> Vec<Vec<(Command, &'static str)>> {
        let buttons: Vec<(Command, &'static str)> = Command::ALL
            .into_iter()
            .filter(|c| c.offered_to(role))
            .filter_map(|c| c.keyboard_label().map(|l| (c, l)))
            .collect();
        buttons.chunks(2).map(<[_]>::to_vec).collect()
    }

    /// The lines /help lists for a role, in order: (name, line key).
    pub fn help_for(role: Role) -> Vec<(&'static str, &'static str)> {
        Command::ALL
            .into_iter()
            .filter(|c| c.offered_to(role))
            .filter_map(|c| c.help_line().map(|l| (c.name(), l)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_is_found_by_its_name_in_any_case() {
        for c in Command::ALL {
            assert_eq!(Command::parse(c.name()), Some(c));
            assert_eq!(Command::parse(&c.name().to_uppercase()), Some(c));
        }
        assert_eq!(Command::parse("nonsense"), None);
        assert_eq!(Command::parse(""), None);
    }

    #[test]
    fn every_role_has_help_settings_and_cancel_in_telegrams_menu() {
        for role in Role::ALL {
            let names: Vec<_> = Command::menu_for(role).iter().map(|(n, _)| *n).collect();
            for needed in ["help", "settings", "cancel"] {
                assert!(names.contains(&needed), "{role:?}: {names:?}");
            }
            assert!(names.len() <= 100);
        }
    }

    #[test]
    fn a_manager_is_offered_new_deals_and_the_pipeline_but_not_the_teams_commands() {
        let names: Vec<_> = Command::menu_for(Role::Manager)
            .iter()
            .map(|(n, _)| *n)
            .collect();
        assert_eq!(
            names,
            ["new", "deals", "pipeline", "find", "settings", "help", "cancel"]
        );
        let lawyer: Vec<_> = Command::menu_for(Role::Lawyer)
            .iter()
            .map(|(n, _)| *n)
            .collect();
        assert!(lawyer.contains(&"approvals") && !lawyer.contains(&"new"));
    }
}
