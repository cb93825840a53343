//! Every button's data, in one place: one enum, encoded and parsed here and nowhere else, always
//! within Telegram's 64 bytes. Button data comes back from the client and can be forged or stale:
//! parsing only says what the button claims; the application re-checks every claim.

use crate::dialogue::{FormButton, VoiceAction};
use crate::pipeline::Stage;
use crate::reports::period::Period;

/// Telegram's limit on a button's callback data.
pub const MAX_DATA_BYTES: usize = 64;

/// A report's view: the period and the filters it was drawn with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct View {
    pub period: Period,
    pub manager: Option<i64>,
    pub direction: Option<i64>,
}

impl View {
    pub fn with_period(self, period: Period) -> Self {
        Self { period, ..self }
    }
}

/// Which report a report button opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Report {
    Summary,
    Chart,
    /// A page of the managers to filter by (at most 50 buttons a keyboard).
    PickManager {
        page: i64,
    },
    PickDirection {
        page: i64,
    },
    People {
        page: i64,
    },
    Lost,
    Compliance,
    /// The list of deals one compliance check found.
    Drill {
        check: crate::pipeline::Check,
    },
    Export,
    /// The form for a period of one's own dates.
    OwnPeriod,
    /// This month's plan for the scope on screen.
    Plan,
}

/// How far a quick snooze puts a reminder off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Snooze {
    Minutes(u16),
    TomorrowMorning,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cb {
    /// A button of a form's question: the form instance, the question, and the answer.
    Form {
        form: u32,
        seq: u32,
        button: FormButton,
    },
    Deal(i64),
    Deals {
        page: i64,
    },
    /// Record the step `stage` on the deal: stale once the deal is anywhere else.
    Step {
        deal: i64,
        stage: Stage,
    },
    Log(i64),
    Timeline {
        deal: i64,
        page: Option<i64>,
    },
    Play(i64),
    NewContact,
    Remind(i64),
    Refuse(i64),
    Reopen(i64),
    /// A deal's contacts, for their personal data (a head of sales).
    Privacy(i64),
    /// Everything stored about one contact, as a file.
    ContactExport(i64),
    /// Erase a contact's personal data: asked to confirm, then done.
    ContactErase(i64),
    ContactEraseYes(i64),
    EditTerm {
        deal: i64,
        field: u8,
    },
    /// The terms of a deal with their edit buttons.
    Terms(i64),
    Team,
    Deactivate(i64),
    DeactivateYes(i64),
    Invite,
    AddDirection,
    PriceList,
    Questionnaire,
    Timezone,
    Lang(String),
    WorkDay(u8),
    AgendaTime,
    WorkHours,
    Pause,
    Unpause,
    Limits,
    StageLimit(Stage),
    /// The forecast's win probabilities, and one step's to change.
    WinRates,
    WinRate(Stage),
    EscalateHours,
    MeetingNotices,
    DigestTime,
    DayParts,
    ReminderDone(i64),
    SnoozeMenu(i64),
    SnoozeQuick {
        reminder: i64,
        by: Snooze,
    },
    SnoozeOwn(i64),
    Reschedule(i64),
    Approve(i64),
    Return(i64),
    LawyerUpload(i64),
    Approval(i64),
    Approvals,
    Template,
    AddReason,
    RemoveReason(i64),
    Report {
        report: Report,
        view: View,
    },
    /// Another page of the chat's last search.
    SearchPage {
        page: i64,
    },
    /// A reminder at the time named in a voice note's words (the timeline entry and the instant).
    VoiceRemind {
        activity: i64,
        at: i64,
    },
}

fn view_code(v: &View) -> String {
    format!(
        "{}:{}:{}",
        v.period.code(),
        v.manager.unwrap_or(0),
        v.direction.unwrap_or(0)
    )
}

fn parse_view(p: &[&str]) -> Option<View> {
    let id = |s: &str| s.parse::<i64>().ok().filter(|v| *v >= 0);
    let (period, manager, direction) = (p.first()?, id(p.get(1)?)?, id(p.get(2)?)?);
    Some(View {
        period: Period::from_code(period)?,
        manager: (manager > 0).then_some(manager),
        direction: (direction > 0).then_some(direction),
    })
}

impl Cb {
    /// The button's data: one arm per button, so a new button does not compile until it has one.
    pub fn encode(&self) -> String {
        let data = match self {
            Cb::Form { form, seq, button } => format!("f:{form}:{seq}:{}", form_button(*button)),
            Cb::Deal(id) => format!("d:{id}"),
            Cb::Deals { page } => format!("dl:{page}"),
            Cb::Step { deal, stage } => format!("st:{deal}:{}", stage.code()),
            Cb::Log(id) => format!("lg:{id}"),
            Cb::Timeline { deal, page: None } => format!("tl:{deal}"),
            Cb::Timeline {
                deal,
                page: Some(p),
            } => format!("tl:{deal}:{p}"),
            Cb::Play(id) => format!("pv:{id}"),
            Cb::NewContact => "nw".into(),
            Cb::Remind(id) => format!("rm:{id}"),
            Cb::Refuse(id) => format!("rf:{id}"),
            Cb::Reopen(id) => format!("reo:{id}"),
            Cb::Privacy(id) => format!("pvd:{id}"),
            Cb::ContactExport(id) => format!("cx:{id}"),
            Cb::ContactErase(id) => format!("ce:{id}"),
            Cb::ContactEraseYes(id) => format!("cey:{id}"),
            Cb::EditTerm { deal, field } => format!("te:{deal}:{field}"),
            Cb::Terms(id) => format!("tv:{id}"),
            Cb::Team => "tm".into(),
            Cb::Deactivate(id) => format!("tmx:{id}"),
            Cb::DeactivateYes(id) => format!("tmy:{id}"),
            Cb::Invite => "inv".into(),
            Cb::AddDirection => "dir".into(),
            Cb::PriceList => "pl".into(),
            Cb::Questionnaire => "qs".into(),
            Cb::Timezone => "tz".into(),
            Cb::Lang(code) => format!("lang:{code}"),
            Cb::WorkDay(d) => format!("wd:{d}"),
            Cb::AgendaTime => "ag".into(),
            Cb::WorkHours => "wh".into(),
            Cb::Pause => "ps".into(),
            Cb::Unpause => "up".into(),
            Cb::Limits => "limits".into(),
            Cb::StageLimit(s) => format!("lim:{}", s.code()),
            Cb::WinRates => "wr".into(),
            Cb::WinRate(s) => format!("wr:{}", s.code()),
            Cb::EscalateHours => "esc".into(),
            Cb::MeetingNotices => "mtn".into(),
            Cb::DigestTime => "dgt".into(),
            Cb::DayParts => "dpt".into(),
            Cb::ReminderDone(id) => format!("rd:{id}"),
            Cb::SnoozeMenu(id) => format!("rs:{id}"),
            Cb::SnoozeQuick { reminder, by } => format!("rz:{reminder}:{}", snooze_code(*by)),
            Cb::SnoozeOwn(id) => format!("ro:{id}"),
            Cb::Reschedule(id) => format!("rr:{id}"),
            Cb::Approve(id) => format!("ap:{id}"),
            Cb::Return(id) => format!("ar:{id}"),
            Cb::LawyerUpload(id) => format!("au:{id}"),
            Cb::Approval(id) => format!("a:{id}"),
            Cb::Approvals => "apl".into(),
            Cb::Template => "tpl".into(),
            Cb::AddReason => "rsn+".into(),
            Cb::RemoveReason(id) => format!("rsn-:{id}"),
            Cb::SearchPage { page } => format!("fp:{page}"),
            Cb::VoiceRemind { activity, at } => format!("vm:{activity}:{at}"),
            Cb::Report { report, view } => report_data(*report, view),
        };
        debug_assert!(
            data.len() <= MAX_DATA_BYTES,
            "callback data too long: {data}"
        );
        data
    }

    /// What a button claims to be; `None` for data no version of the bot writes.
    pub fn parse(data: &str) -> Option<Cb> {
        if data.len() > MAX_DATA_BYTES {
            return None;
        }
        let f = Fields(data.split(':').collect());
        // each family knows its own heads and no other's: at most one of them reads the data
        form_family(&f)
            .or_else(|| deal_family(&f))
            .or_else(|| contact_family(&f))
            .or_else(|| team_family(&f))
            .or_else(|| settings_family(&f))
            .or_else(|| reminder_family(&f))
            .or_else(|| approval_family(&f))
            .or_else(|| report_family(&f))
    }
}

/// How far a quick snooze puts the reminder off, as its last field.
fn snooze_code(by: Snooze) -> String {
    match by {
        Snooze::Minutes(m) => m.to_string(),
        Snooze::TomorrowMorning => "tm".into(),
    }
}

/// A report button's data: the report's head (and the check or page it carries) and the view.
fn report_data(report: Report, view: &View) -> String {
    let v = view_code(view);
    match report {
        Report::Summary => format!("pp:{v}"),
        Report::Chart => format!("pc:{v}"),
        Report::PickManager { page } => format!("pm:{v}:{page}"),
        Report::PickDirection { page } => format!("pd:{v}:{page}"),
        Report::People { page } => format!("pe:{v}:{page}"),
        Report::Lost => format!("rl:{v}"),
        Report::Compliance => format!("pk:{v}"),
        Report::Drill { check } => format!("pkd:{}:{v}", check.index()),
        Report::Export => format!("ex:{v}"),
        Report::OwnPeriod => format!("px:{v}"),
        Report::Plan => format!("pn:{v}"),
    }
}

/// Button data split at «:», with the readers every family uses; the head is field 0.
struct Fields<'a>(Vec<&'a str>);

impl Fields<'_> {
    fn head(&self) -> &str {
        self.0[0]
    }

    fn field(&self, i: usize) -> &str {
        self.0[i]
    }

    fn id(&self, i: usize) -> Option<i64> {
        self.0.get(i).and_then(|s| s.parse::<i64>().ok())
    }

    /// Exactly `n` fields, the head included.
    fn only(&self, n: usize) -> bool {
        self.0.len() == n
    }

    /// A button that carries one id and nothing else.
    fn one(&self, make: fn(i64) -> Cb) -> Option<Cb> {
        if self.only(2) {
            self.id(1).map(make)
        } else {
            None
        }
    }

    /// A report button whose view starts at field `at`.
    fn report(&self, report: Report, at: usize) -> Option<Cb> {
        parse_view(&self.0[at.min(self.0.len())..]).map(|view| Cb::Report { report, view })
    }
}

/// «f:form:seq:button»: a form question's button.
fn form_family(f: &Fields) -> Option<Cb> {
    match f.head() {
        "f" if f.only(4) => Some(Cb::Form {
            form: f.field(1).parse().ok()?,
            seq: f.field(2).parse().ok()?,
            button: parse_form_button(f.field(3))?,
        }),
        _ => None,
    }
}

/// A deal's buttons: its card, list, steps, history, terms, and the search's pages.
fn deal_family(f: &Fields) -> Option<Cb> {
    Some(match f.head() {
        "d" => f.one(Cb::Deal)?,
        "dl" if f.only(2) => Cb::Deals { page: f.id(1)? },
        "st" if f.only(3) => Cb::Step {
            deal: f.id(1)?,
            stage: Stage::from_code(f.field(2))?,
        },
        "lg" => f.one(Cb::Log)?,
        "tl" if f.only(2) => Cb::Timeline {
            deal: f.id(1)?,
            page: None,
        },
        "tl" if f.only(3) => Cb::Timeline {
            deal: f.id(1)?,
            page: Some(f.id(2)?),
        },
        "pv" => f.one(Cb::Play)?,
        "nw" if f.only(1) => Cb::NewContact,
        "rm" => f.one(Cb::Remind)?,
        "rf" => f.one(Cb::Refuse)?,
        "reo" => f.one(Cb::Reopen)?,
        "te" if f.only(3) => Cb::EditTerm {
            deal: f.id(1)?,
            field: f.field(2).parse().ok()?,
        },
        "tv" => f.one(Cb::Terms)?,
        "fp" if f.only(2) => Cb::SearchPage { page: f.id(1)? },
        _ => return None,
    })
}

/// A contact's personal data: the list, the export, the erasure and its confirmation.
fn contact_family(f: &Fields) -> Option<Cb> {
    match f.head() {
        "pvd" => f.one(Cb::Privacy),
        "cx" => f.one(Cb::ContactExport),
        "ce" => f.one(Cb::ContactErase),
        "cey" => f.one(Cb::ContactEraseYes),
        _ => None,
    }
}

/// The team screen: the list, a deactivation and its confirmation, an invitation.
fn team_family(f: &Fields) -> Option<Cb> {
    Some(match f.head() {
        "tm" if f.only(1) => Cb::Team,
        "tmx" => f.one(Cb::Deactivate)?,
        "tmy" => f.one(Cb::DeactivateYes)?,
        "inv" if f.only(1) => Cb::Invite,
        _ => return None,
    })
}

/// The settings screen's buttons, each opening one setting.
fn settings_family(f: &Fields) -> Option<Cb> {
    Some(match f.head() {
        "dir" if f.only(1) => Cb::AddDirection,
        "pl" if f.only(1) => Cb::PriceList,
        "qs" if f.only(1) => Cb::Questionnaire,
        "tz" if f.only(1) => Cb::Timezone,
        "lang" if f.only(2) => Cb::Lang(f.field(1).to_owned()),
        "wd" if f.only(2) => Cb::WorkDay(f.field(1).parse().ok().filter(|d| *d < 7)?),
        "ag" if f.only(1) => Cb::AgendaTime,
        "wh" if f.only(1) => Cb::WorkHours,
        "ps" if f.only(1) => Cb::Pause,
        "up" if f.only(1) => Cb::Unpause,
        "limits" if f.only(1) => Cb::Limits,
        "lim" if f.only(2) => Cb::StageLimit(Stage::from_code(f.field(1))?),
        "wr" if f.only(1) => Cb::WinRates,
        "wr" if f.only(2) => Cb::WinRate(Stage::from_code(f.field(1))?),
        "esc" if f.only(1) => Cb::EscalateHours,
        "mtn" if f.only(1) => Cb::MeetingNotices,
        "dgt" if f.only(1) => Cb::DigestTime,
        "dpt" if f.only(1) => Cb::DayParts,
        "tpl" if f.only(1) => Cb::Template,
        "rsn+" if f.only(1) => Cb::AddReason,
        "rsn-" => f.one(Cb::RemoveReason)?,
        _ => return None,
    })
}

/// A reminder's buttons: done, the snoozes, a new time, and a reminder from a voice note.
fn reminder_family(f: &Fields) -> Option<Cb> {
    Some(match f.head() {
        "rd" => f.one(Cb::ReminderDone)?,
        "rs" => f.one(Cb::SnoozeMenu)?,
        "rz" if f.only(3) => Cb::SnoozeQuick {
            reminder: f.id(1)?,
            by: parse_snooze(f.field(2))?,
        },
        "ro" => f.one(Cb::SnoozeOwn)?,
        "rr" => f.one(Cb::Reschedule)?,
        "vm" if f.only(3) => Cb::VoiceRemind {
            activity: f.id(1)?,
            at: f.id(2)?,
        },
        _ => return None,
    })
}

/// «tm» or a number of minutes up to a day.
fn parse_snooze(s: &str) -> Option<Snooze> {
    Some(match s {
        "tm" => Snooze::TomorrowMorning,
        m => Snooze::Minutes(m.parse().ok().filter(|m| (1..=1440).contains(m))?),
    })
}

/// An approval's buttons: approve, return, the lawyer's upload, the card, the list.
fn approval_family(f: &Fields) -> Option<Cb> {
    Some(match f.head() {
        "ap" => f.one(Cb::Approve)?,
        "ar" => f.one(Cb::Return)?,
        "au" => f.one(Cb::LawyerUpload)?,
        "a" => f.one(Cb::Approval)?,
        "apl" if f.only(1) => Cb::Approvals,
        _ => return None,
    })
}

/// A report button: the report, the page or check it carries, and the view it was drawn with.
fn report_family(f: &Fields) -> Option<Cb> {
    let page = |i: usize| f.id(i).map(|p| p.max(0));
    match f.head() {
        "pp" if f.only(4) => f.report(Report::Summary, 1),
        "pc" if f.only(4) => f.report(Report::Chart, 1),
        "pm" if f.only(4) => f.report(Report::PickManager { page: 0 }, 1),
        "pd" if f.only(4) => f.report(Report::PickDirection { page: 0 }, 1),
        "pm" if f.only(5) => f.report(Report::PickManager { page: page(4)? }, 1),
        "pd" if f.only(5) => f.report(Report::PickDirection { page: page(4)? }, 1),
        "pe" if f.only(5) => f.report(Report::People { page: page(4)? }, 1),
        "rl" if f.only(4) => f.report(Report::Lost, 1),
        "pk" if f.only(4) => f.report(Report::Compliance, 1),
        "pkd" if f.only(5) => {
            let check = crate::pipeline::Check::from_index(f.field(1).parse().ok()?)?;
            f.report(Report::Drill { check }, 2)
        }
        "ex" if f.only(4) => f.report(Report::Export, 1),
        "px" if f.only(4) => f.report(Report::OwnPeriod, 1),
        "pn" if f.only(4) => f.report(Report::Plan, 1),
        _ => None,
    }
}

/// A form button's part of the data: a letter or two, and a number where it carries one.
fn form_button(b: FormButton) -> String {
    match b {
        FormButton::Skip => "s".into(),
        FormButton::Cancel => "x".into(),
        FormButton::Ok => "ok".into(),
        FormButton::Yes => "y".into(),
        FormButton::No => "n".into(),
        FormButton::Choice(i) => format!("c{i}"),
        FormButton::Quick(i) => format!("q{i}"),
        FormButton::Amount(k) => format!("m{k}"),
        FormButton::Moment(t) => format!("t{t}"),
        FormButton::Voice(a) => match a {
            VoiceAction::Save => "vs",
            VoiceAction::Edit => "ve",
            VoiceAction::Again => "vr",
            VoiceAction::Retry => "vt",
            VoiceAction::Keep => "vk",
        }
        .into(),
    }
}

fn parse_form_button(s: &str) -> Option<FormButton> {
    Some(match s {
        "s" => FormButton::Skip,
        "x" => FormButton::Cancel,
        "ok" => FormButton::Ok,
        "y" => FormButton::Yes,
        "n" => FormButton::No,
        "vs" => FormButton::Voice(VoiceAction::Save),
        "ve" => FormButton::Voice(VoiceAction::Edit),
        "vr" => FormButton::Voice(VoiceAction::Again),
        "vt" => FormButton::Voice(VoiceAction::Retry),
        "vk" => FormButton::Voice(VoiceAction::Keep),
        _ => {
            let (tag, n) = s.split_at_checked(1)?;
            // digits only: «+1» or « 1» is not what any button wrote
            if !n
                .trim_start_matches('-')
                .bytes()
                .all(|c| c.is_ascii_digit())
            {
                return None;
            }
            match tag {
                "c" => FormButton::Choice(n.parse().ok()?),
                "q" => FormButton::Quick(n.parse().ok()?),
                "m" => FormButton::Amount(n.parse().ok()?),
                "t" => FormButton::Moment(n.parse().ok()?),
                _ => return None,
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn samples() -> Vec<Cb> {
        let view = View {
            period: Period::Custom {
                from: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
                to: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
            },
            manager: Some(i64::MAX),
            direction: Some(i64::MAX),
        };
        let big = i64::MAX;
        let mut all = vec![
            Cb::Form {
                form: u32::MAX,
                seq: u32::MAX,
                button: FormButton::Amount(i64::MAX),
            },
            Cb::Form {
                form: u32::MAX,
                seq: u32::MAX,
                button: FormButton::Moment(i64::MIN),
            },
            Cb::Deal(big),
            Cb::Deals { page: big },
            Cb::Log(big),
            Cb::Timeline {
                deal: big,
                page: None,
            },
            Cb::Timeline {
                deal: big,
                page: Some(big),
            },
            Cb::Play(big),
            Cb::NewContact,
            Cb::Remind(big),
            Cb::Refuse(big),
            Cb::Reopen(big),
            Cb::EditTerm {
                deal: big,
                field: u8::MAX,
            },
            Cb::Terms(big),
            Cb::Team,
            Cb::Deactivate(big),
            Cb::DeactivateYes(big),
            Cb::Invite,
            Cb::AddDirection,
            Cb::PriceList,
            Cb::Questionnaire,
            Cb::Timezone,
            Cb::Lang("en".into()),
            Cb::WorkDay(6),
            Cb::AgendaTime,
            Cb::WorkHours,
            Cb::Pause,
            Cb::Unpause,
            Cb::Limits,
            Cb::EscalateHours,
            Cb::MeetingNotices,
            Cb::DigestTime,
            Cb::DayParts,
            Cb::ReminderDone(big),
            Cb::SnoozeMenu(big),
            Cb::SnoozeQuick {
                reminder: big,
                by: Snooze::Minutes(1440),
            },
            Cb::SnoozeQuick {
                reminder: big,
                by: Snooze::TomorrowMorning,
            },
            Cb::SnoozeOwn(big),
            Cb::Reschedule(big),
            Cb::Approve(big),
            Cb::Return(big),
            Cb::LawyerUpload(big),
            Cb::Approval(big),
            Cb::Approvals,
            Cb::Template,
            Cb::AddReason,
            Cb::RemoveReason(big),
            Cb::SearchPage { page: big },
            Cb::VoiceRemind {
                activity: big,
                at: big,
            },
            Cb::Privacy(big),
            Cb::ContactExport(big),
            Cb::ContactErase(big),
            Cb::ContactEraseYes(big),
        ];
        for s in crate::pipeline::STAGES {
            all.push(Cb::Step {
                deal: big,
                stage: s.stage(),
            });
            all.push(Cb::StageLimit(s.stage()));
            all.push(Cb::WinRate(s.stage()));
        }
        for button in [
            FormButton::Skip,
            FormButton::Cancel,
            FormButton::Ok,
            FormButton::Yes,
            FormButton::No,
            FormButton::Choice(u16::MAX),
            FormButton::Quick(u8::MAX),
            FormButton::Amount(0),
            FormButton::Moment(1_900_000_000),
            FormButton::Voice(VoiceAction::Save),
            FormButton::Voice(VoiceAction::Edit),
            FormButton::Voice(VoiceAction::Again),
            FormButton::Voice(VoiceAction::Retry),
            FormButton::Voice(VoiceAction::Keep),
        ] {
            all.push(Cb::Form {
                form: 7,
                seq: 1,
                button,
            });
        }
        for report in [
            Report::Summary,
            Report::Chart,
            Report::PickManager { page: 3 },
            Report::PickDirection { page: 0 },
            Report::People { page: 999 },
            Report::Lost,
            Report::Compliance,
            Report::Drill {
                check: crate::pipeline::Check::Silent,
            },
            Report::Export,
            Report::OwnPeriod,
            Report::Plan,
        ] {
            all.push(Cb::Report { report, view });
        }
        all
    }

    #[test]
    fn every_button_reads_back_as_written_within_telegrams_64_bytes() {
        for cb in samples() {
            let data = cb.encode();
            assert!(
                data.len() <= MAX_DATA_BYTES,
                "{data} is {} bytes",
                data.len()
            );
            assert_eq!(Cb::parse(&data), Some(cb), "{data}");
        }
    }

    #[test]
    fn every_button_is_read_by_its_own_family_alone() {
        let families: [fn(&Fields) -> Option<Cb>; 8] = [
            form_family,
            deal_family,
            contact_family,
            team_family,
            settings_family,
            reminder_family,
            approval_family,
            report_family,
        ];
        let mut all = samples();
        all.push(Cb::WinRates);
        for cb in all {
            let data = cb.encode();
            let f = Fields(data.split(':').collect());
            let readers = families.iter().filter(|read| read(&f).is_some()).count();
            assert_eq!(readers, 1, "{data}");
        }
    }

    #[test]
    fn forged_and_truncated_data_parse_as_nothing() {
        for data in [
            "",
            "d",
            "d:",
            "d:x",
            "d:1:2",
            "st:1",
            "st:1:nowhere",
            "f:1:2",
            "dl:1:x",
            "f:1:2:",
            "f:1:2:c",
            "f:1:2:c+1",
            "f:1:2:c-1",
            "f:1:2:q256",
            "f:1:2:c:1",
            "f:1:2:zz",
            "f:1:2:m1.5",
            "pp:m:0",
            "pp:zz:0:0",
            "pe:m:0:0",
            "wd:9",
            "rz:1:0",
            "lim:bogus",
            "unknown:1",
            &"d:".repeat(40),
        ] {
            assert_eq!(Cb::parse(data), None, "{data}");
        }
    }
}
