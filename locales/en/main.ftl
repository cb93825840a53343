## General

err-internal = Something went wrong on our side and the action was not done. What was saved before is intact. Please try again in a minute.
err-not-saved = ⚠️ Your message could not be saved — the fault is ours. Please send it again.
state-reset = Sorry, the bot was updated and could not resume the previous dialogue. Saved records are intact — please start the action again.
access-denied = Hello! This bot is a working tool of the sales team, by invitation only. Ask the head of sales to send you a link.
access-denied-short = Sales team members only.
invite-invalid = This invitation link is not valid: it was used already or has expired. Ask the head of sales for a new one.
welcome-joined = Welcome, { $name }! You are on the team as { $role }. The menu is below; /help explains the rest.
invite-accepted = { $name } accepted the invitation: { $role }.
invite-already-member = { $name }, you are already on the team — no invitation needed.
welcome-back = Hello, { $name }! The menu is below; /help explains the rest.
cancelled = Dialogue closed. Everything saved earlier is still there.
nothing-to-cancel = There is nothing to cancel.
unknown-command = No such command. See /help.
idle-text = I did not get that. Pick an action in the menu or open a deal in «My deals».
idle-voice = To keep a voice note on a deal: «My deals» → the deal → «Log an action», then send the voice note.
form-replaced = The previous unfinished dialogue is closed.
form-continue = Let us go on: { $title }.
deal-not-yours = This deal is not available to you.
head-only = Only the head of sales can do this.
role-cannot-work-deals = This action is not available to your role.

## Roles

role-manager = manager
role-head_of_sales = head of sales
role-head_of_direction = head of direction
role-lawyer = lawyer

## Menu

menu-new = ➕ New contact
menu-deals = 📋 My deals
menu-settings = ⚙️ Settings
menu-approvals = ✍️ Awaiting decision
menu-help = ❓ Help
menu-team = 👥 Team
menu-directions = 📂 Directions

help-intro =
    <b>Sales assistant</b>
    The bot walks each deal through the sales regulation: it asks what every step requires and does not let you skip what is mandatory.
# one line of /help per command the role is offered; $role tells the wording apart
help-cmd-new = a new client and deal
help-cmd-deals = { $role ->
        [head_of_direction] your direction's deals
        [head_of_sales] all deals
       *[other] my deals
    }
help-cmd-team = the team, switching access off
help-cmd-directions = directions and questionnaires
help-cmd-pipeline = { $role ->
        [head_of_direction] your direction's funnel
       *[other] funnel, money, overdue items; people, refusals, compliance and export from there
    }
help-cmd-find = find a deal by client, contact, INN or manager
help-cmd-approvals = { $role ->
        [lawyer] contracts to review and to draft
       *[other] proposals, bargaining and work stages to approve
    }
help-cmd-invite = invite a colleague
help-cmd-templates = contract and invoice templates
help-cmd-pricelist = the price list (CSV upload)
help-cmd-questionnaire = { $role ->
        [head_of_direction] upload your direction's questionnaire
       *[other] upload a direction's questionnaire
    }
help-cmd-limits = limits without actions and overdue escalation
help-cmd-reasons = refusal reasons
help-cmd-settings = time zone and language
help-cmd-help = this help
help-cmd-cancel = leave a dialogue (nothing saved is lost)
help-manager =
    <b>New client</b> — /new: company, the contact's name and position, channel, direction.
    Then the regulation's steps up to the start of work (17); a deal card has «Refusal» at any stage.
    On a deal card, «Log an action»: call, meeting, document, note; a voice note works too.
    Write dates as you say them: «tomorrow 15:00», «in 2 days», «fri 10:30», «12.12 14:00».

## Stages

stage-name = { $step }. { $name }
# the title of a step's form, from the step table's number and the stage's name
step-title = Step { $step } · { $name }
stage-first_contact = First contact
stage-needs = Needs
stage-offer = Offer
stage-application = Questionnaire and meeting
stage-meeting = Meeting
stage-proposal = Commercial proposal
stage-negotiation = Client's answer
stage-terms = Deal parameters
stage-terms_confirmed = Terms confirmed
stage-contract_draft = Contract
stage-contract_sent = Contract sent
stage-contract_call = Contract call
stage-contract_discussion = Contract discussion
stage-signing = Signing
stage-invoice = Invoice
stage-payment = Payment
stage-work = Work start
status-won = won
status-lost = refused

step-closed = The deal is closed — no more steps are recorded on it. Actions can still be logged with «Log an action».
step-already-done = The step «{ $stage }» is already recorded on this deal.
step-missing = Too early: «{ $stage }» is recorded only after «{ $missing }».
step-moved-meanwhile = While you were answering, the deal moved to «{ $stage }». Your answers were not recorded — open the card.
step-not-in-bot = The step «{ $stage }» is not kept in the bot yet. Record the deal's progress with «Log an action».
step-recorded = ✅ Deal #{ $id }: step «{ $stage }» recorded.

## Forms: titles

title-contact = New contact
title-log = Log an action
title-invite = Invitation
title-direction = New direction
title-pricelist = Price list
title-questionnaire = Direction questionnaire
title-tz = Time zone

## Forms: questions

q-contact-company = What is the client company's name?
q-contact-client = Similar clients are already in the database. Is it one of them? If so, the new contact is added to it, without a duplicate.
q-contact-name = The contact's name? Mandatory by the regulation, best with the surname: «Anna Ivanova».
q-contact-position = The contact's position? For example: «purchasing director».
q-contact-phone = The contact's phone, e.g. +7 912 345-67-89.
q-contact-channel = Where did the contact come from?
q-contact-direction = Which direction is the client interested in?

q-needs-specifics = The specifics of the client's business?
q-needs-news = News of the business?
q-needs-plans = Near-term plans?
q-needs-worries = The client's worries, fears, uncertainties, concerns?
q-needs-new_directions = New directions the client is developing?
q-needs-callback = When to call back? E.g. «tomorrow 11:00», «in 3 days».
hint-skip-counted = The regulation asks for as much information as possible: a skip is noted on the deal.

q-offer-offer = What offer did you formulate from the client's needs?
q-offer-price_demanded = Did the client categorically demand a price? (Otherwise no price is named in the first conversation.)
q-offer-price_named = The price list's lower bound for «{ $direction }»: <b>{ $price }</b> ({ $item }). Name this price to the client and confirm.
q-offer-price_named-none = The price list has no prices for this deal's direction — ask your head. Confirm that you named the lower bound to the client.
q-offer-callback = When to call the client back?
btn-offer-price_named = ✅ I named this price

q-application-questionnaire = Forward the price questionnaire (the file above) to the client and confirm it was sent.
q-application-questionnaire-none = No questionnaire is uploaded for this deal's direction (a head uploads it: /questionnaire). Send the client the questionnaire yourself and confirm.
btn-application-questionnaire = ✅ Questionnaire sent
q-application-meeting_at = When is the meeting? E.g. «tomorrow 15:00», «fri 10:30», «12.12 14:00».
q-application-place = Where is the meeting? An address or «online, Zoom».
questionnaire-caption = Questionnaire for { $client } — forward it to the client.

q-meeting-result = Meeting { $at }, { $place }. How did it go?
q-meeting-outcome = The meeting's outcome: what was agreed, what comes next?
q-meeting-new_at = When was the meeting moved to?

q-log-kind = What would you like to log?
q-log-body = Describe it briefly in text, or send a voice note or a file.

q-invite-role = Whom are we inviting?
q-invite-direction = Which direction do they head?
q-direction-name = The direction's name?
q-pricelist-file = Send the price list as a CSV file: «direction; item; min price; max price», one line per item. The current price list is replaced as a whole.
q-questionnaire-direction = Which direction is the questionnaire for?
q-questionnaire-file = Send the questionnaire file (.docx, .pdf or .xlsx, up to 20 MB).
q-tz-tz = Pick a time zone or type its name, e.g. Asia/Novosibirsk.

## Choices

opt-channel-call = Call
opt-channel-website = Website request
opt-channel-referral = Referral
opt-channel-exhibition = Exhibition
opt-channel-social = Social media
opt-channel-other = Other
opt-role-manager = Manager
opt-role-head_of_direction = Head of direction
opt-role-lawyer = Lawyer
opt-role-head_of_sales = Head of sales
opt-kind-call = 📞 Call
opt-kind-meeting = 🤝 Meeting
opt-kind-document = 📄 Document sent
opt-kind-note = 📝 Note
opt-kind-stage = Stage
opt-kind-reminder = Reminder
opt-kind-created = 🆕 Deal created
opt-result-held = ✅ Held
opt-result-moved = 🔁 Moved

quick-tomorrow-10 = Tomorrow 10:00
quick-tomorrow-15 = Tomorrow 15:00
quick-after-tomorrow-11 = In 2 days 11:00
quick-week-10 = In a week 10:00
quick-in-2-hours = In 2 hours
quick-in-3-days = In 3 days 10:00

tz-Europe-Kaliningrad = Kaliningrad (MSK−1)
tz-Europe-Moscow = Moscow (MSK)
tz-Europe-Samara = Samara (MSK+1)
tz-Asia-Yekaterinburg = Yekaterinburg (MSK+2)
tz-Asia-Omsk = Omsk (MSK+3)
tz-Asia-Novosibirsk = Novosibirsk (MSK+4)
tz-Asia-Krasnoyarsk = Krasnoyarsk (MSK+4)
tz-Asia-Irkutsk = Irkutsk (MSK+5)
tz-Asia-Yakutsk = Yakutsk (MSK+6)
tz-Asia-Vladivostok = Vladivostok (MSK+7)
tz-Asia-Kamchatka = Kamchatka (MSK+9)

## Buttons

btn-skip = Skip
btn-done = ✅ Done
btn-yes = Yes
btn-no = No
btn-cancel = ✖️ Cancel
btn-new-client = No, a new client
btn-no-callback = No call-back
btn-open-deal = 📇 Deal card
btn-next-step = ▶️ Step { $stage }
btn-log = 📝 Log an action
btn-log-more = 📝 Another action
btn-history = 🕓 History
btn-back-to-list = ⬅️ Back to deals
btn-back = ⬅️ Back
btn-invite = ➕ Invite
btn-deactivate = 🚫 Switch off: { $name }
btn-yes-deactivate = Yes, switch off
btn-add-direction = ➕ Add a direction
btn-upload-questionnaire = 📎 Questionnaire
btn-upload-pricelist = 📤 Upload price list
btn-timezone = 🕒 Time zone

## Input errors

err-not-skippable = This question is mandatory — it cannot be skipped.
err-phone-chars = A phone number may hold only digits, spaces, «+», «-» and brackets.
err-phone-length = That does not look like a phone number: 11 digits (+7 912 345-67-89) or an international number with «+».
err-use-buttons = Pick an option with a button under the question.
err-stale-button = This button is outdated — answer the latest question.
err-yes-no = Answer «Yes» or «No» — with a button or in a word.
err-doc-ext = The file must be one of: { $exts }.
err-doc-size = The file is too large: up to { $mb } MB.
err-doc-expected = Send a file as a document ({ $exts }).
err-attachment-expected = Send text, a voice note or a file.
err-timezone = I do not know that time zone. Pick one with a button or type it like Europe/Moscow.
err-text-expected = A text answer is needed here.
err-empty = The answer is empty — write at least a couple of words.
err-too-long = The answer is too long: { $len } characters, up to { $max } allowed. Please shorten it.
err-when-unparseable = I could not read the date. Write e.g. «tomorrow 15:00», «in 2 days», «fri 10:30», «12.12 14:00».
err-when-missing-time = Add the time too: e.g. «12.12 14:00» or «tomorrow 15:00».
err-when-bad-time = No such time: hours 0–23, minutes 0–59.
err-when-impossible = There is no such date in the calendar. Check the day and month.
err-when-past = That time has passed — give a future one.
err-when-negative = A delay cannot be negative: «in 2 days», not «in -2».
err-when-too-far = Too far ahead: at most five years.
err-direction-exists = The direction «{ $name }» already exists.
err-file-download = Could not get the file from Telegram. Please send it again.
err-pricelist-empty = The file has no price-list lines.
err-pricelist =
    { $count ->
        [one] The price list has { $count } error, nothing was saved:
       *[other] The price list has { $count } errors, nothing was saved:
    }
    { $details }
    Fix the file and send it again.
pl-line = line { $line }: { $what }
pl-columns =
    { $n ->
        [one] { $n } column instead of 4
       *[other] { $n } columns instead of 4
    }
pl-empty-direction = no direction
pl-empty-item = no item
pl-min = minimum price — { $why }
pl-max = maximum price — { $why }
pl-min-above-max = the minimum price is above the maximum
pl-unknown-direction = no direction «{ $name }» (add it in /directions first)
money-empty = empty
money-nan = not a number
money-negative = negative
money-zero = zero
money-too-large = above 10¹² ₽
money-too-precise = fractions of a kopeck

## Results

deal-created =
    ✅ Deal #{ $id } created: { $client }.
    Contact: { $name }, { $position }.
    The regulation's next step is to learn the client's needs.
label-needs-specifics = Specifics
label-needs-news = News
label-needs-plans = Plans
label-needs-worries = Worries
label-needs-new_directions = New directions
label-offer-offer = Offer
label-application-place = Meeting place
label-meeting-outcome = Outcome
needs-saved = Answered: { $answered } of { $total }.
offer-price-recorded = Recorded: the price list's lower bound was named — { $price }.
meeting-arranged = Meeting: { $at }, { $place }. Reminder saved.
callback-set = Call back: { $at }.
meeting-moved = 🔁 The meeting is moved to { $at }. Reminder updated.
activity-logged = ✅ Logged: { $kind } — deal #{ $id }, { $client }.
invite-needs-direction = To invite a head of direction, add a direction first.
invite-created =
    The invitation ({ $role }) is ready. Forward the link to the new team member — it works once and for { $days ->
        [one] { $days } day
       *[other] { $days } days
    }:
    { $link }
direction-added = ✅ Direction «{ $name }» added.
pricelist-saved =
    ✅ Price list saved: { $count ->
        [one] { $count } item
       *[other] { $count } items
    }.
questionnaire-saved = ✅ Questionnaire for «{ $direction }» saved: { $file }.
no-directions = No directions yet. Add the first one with the button below.

## Deals

deals-empty = No open deals. A new client — the button below or /new.
deals-title =
    <b>Open deals</b>: { $count } · page { $page } of { $pages }
    Most recently active first.
card-channel = channel: { $channel }
overdue = ⚠️ overdue
nothing-due = nothing scheduled
recent-activity = Recent activity
reminder-callback = Call back
reminder-meeting = Meeting
reminder-contract_discussion = Contract discussion
reminder-signing = Signing
reminder-payment_check = Check payment
reminder-custom = Reminder
tl-stage = Stage → { $stage }
tl-reminder = Scheduled: { $kind }, { $at }
voice-seconds =
    { $n ->
        [one] { $n } second
       *[other] { $n } seconds
    }
timeline-title = <b>History of deal #{ $id }, { $client }</b> · page { $page } of { $pages }

## Team and catalogues

team-title =
    <b>Team</b>: { $count ->
        [one] { $count } person
       *[other] { $count } people
    }
deactivate-confirm = Switch off access for { $name }? Their deals and records stay.
cannot-deactivate = This person cannot be switched off (yourself, or a head of sales from the bot's configuration).
deactivated = Access for { $name } is switched off.
directions-title = <b>Directions</b>
has-questionnaire = questionnaire uploaded
no-questionnaire = no questionnaire
price-rows =
    { $count ->
        [one] { $count } price-list item
       *[other] { $count } price-list items
    }
pricelist-title = <b>Price list</b>
pricelist-empty = The price list is empty.
pricelist-format = Upload format: CSV, «direction; item; min price; max price». Prices as you write them: «50 000», «1.5 млн».

## Settings

lang-name = English
settings-title =
    <b>Settings</b>
    Time zone: { $tz } · language: { $lang }
    Morning agenda: { $agenda }
    Working days: { $days }, hours: { $hours }
    { $pause }
lang-changed = Language switched: English.

## Telegram command menu

cmd-new = New contact
cmd-deals = My deals
cmd-settings = Time zone and language
cmd-help = How to use the bot
cmd-cancel = Leave the dialogue

## Reminders

title-snooze = Snooze the reminder
title-reschedule = Move
title-remind = Reminder on the deal
title-agenda = Morning agenda time
title-hours = Working hours
title-pause = Pause (vacation)
title-limit = Days without activity
title-escalate = Escalation of overdue items
q-snooze-when = Until when? E.g. «in 30 minutes», «tomorrow 11:00».
q-reschedule-when = Move to when? E.g. «fri 10:30», «12.12 14:00».
q-remind-what = What should I remind you of? E.g. «call, ask about the budget».
q-remind-when = When? E.g. «fri 10:00», «in 3 days».
q-agenda-at = When should the morning agenda come? E.g. 8:30.
q-hours-hours = Your working hours, e.g. 9:00-19:00. Outside them the bot stays quiet, except for reminders at times you set yourself.
q-pause-until = Pause until which day? E.g. «10.12» — reminders resume that day.
q-limit-days = How many days may a deal sit at this stage without activity before the bot nudges its manager?
q-escalate-hours = How many hours after its time does an overdue reminder go to the heads?
quick-in-15-min = In 15 min
quick-in-1-hour = In 1 hour
quick-tomorrow-9 = Tomorrow 9:00
btn-own-time = 🕒 Own time
btn-r-done = ✅ Done
btn-r-snooze = ⏳ Snooze
btn-r-move = 📅 Move
btn-r-log-meeting = ▶️ Log the meeting's outcome
btn-remind = ⏰ Remind me
err-clock = I could not read the time. Write e.g. 9:00 or 8:30.
err-hours-format = Write the hours like this: 9:00-19:00.
err-hours-order = The working day must end after it starts.
err-number = A whole number from { $min } to { $max } is needed.
err-no-work-days = At least one working day must remain.
reminder-not-yours = This reminder is not yours.
reminder-already-closed = This reminder is already closed.
reminder-marked-done = ✅ Done.
reminder-snoozed = ⏳ Snoozed until { $at }.
reminder-moved = 📅 Moved to { $at }.
reminder-set = ⏰ I will remind you { $at }: { $what }.
paused = ⏸ Paused until { $until }: reminders will come after it, nothing is lost.
unpaused = Pause lifted.
settings-paused = ⏸ paused until { $until }
settings-not-paused = not paused
wd-0 = Mon
wd-1 = Tue
wd-2 = Wed
wd-3 = Thu
wd-4 = Fri
wd-5 = Sat
wd-6 = Sun
btn-pause = ⏸ Pause (vacation)
btn-unpause = ▶️ Lift the pause
btn-agenda-time = 🌅 Agenda time
btn-work-hours = 🕘 Working hours
limits-title =
    <b>Days without activity</b> — after them the bot nudges the deal's manager.
    An overdue reminder not acted on goes to the heads after { $hours } h.
days =
    { $n ->
        [one] { $n } day
       *[other] { $n } days
    }
btn-escalate-hours = ⏫ Hours before escalation
team-paused = ⏸ paused until { $until }
team-blocked = 🚫 blocked the bot

## Notifications

n-deal-line = Deal #{ $id } · { $client } · { $stage }
n-late = ⚠️ Late (the bot was unavailable); it was due { $at }.
n-due = ⏰ <b>{ $kind }</b> — { $at }
n-meeting-eve = 📅 Meeting tomorrow: <b>{ $at }</b>, { $place }
n-meeting-soon = 📅 Meeting soon: <b>{ $at }</b>, { $place }
n-meeting-advice = The regulation: bring a small gift (a business souvenir, sweets) and look presentable. The deal can be closed at the meeting.
n-meeting-after = How did the meeting at { $at } go? Log its outcome: the commercial proposal is not prepared without it.
n-agenda =
    🌅 <b>Plan for { $date }</b> · { $count ->
        [one] { $count } item
       *[other] { $count } items
    }
n-agenda-overdue =
    ⚠️ <b>Overdue</b>: { $count }
n-nudge = 💤 No activity on the deal for { $days ->
        [one] { $days } day
       *[other] { $days } days
    }. Log what is going on or set the next step.
n-escalation = ⚠️ <b>Overdue and not acted on</b>: { $kind }, it was due { $at }. Manager: { $manager }.
n-blocked = 🚫 { $name } blocked the bot — reminders do not reach them. Ask them to open the chat with the bot again.

## Steps 5–17

title-refusal = Step 6 · Refusal
title-return = Return with a comment
title-lawyer_upload = Contract from the lawyer
title-template = Document template
title-reason = Refusal reason

q-proposal_draft-draft = Send the proposal draft: as text, a file or a voice note. A proposal is prepared only together with the head of the direction or the head of sales.
q-proposal_draft-decider = Whom are you preparing it with? They get a card to approve.
q-proposal-file = The proposal is approved. Send it to the client and send here the file that went out (or go on without a file).
q-proposal-callback = When to call the client about the proposal?
q-negotiation-answer = How did the client answer the proposal?
q-negotiation-changes = What does the client want changed? (price, deadlines, scope…)
q-negotiation-amount = The new amount, if it changes (e.g. 1.2 млн).
q-refusal-on = Date of the refusal?
q-refusal-reason = The reason? Pick one or write your own.
q-refusal-who = Who refused? (the regulation: name and position)
q-refusal-who_name = The name of the person who refused?
q-refusal-who_position = The position of the person who refused?
q-terms-inn = The client's INN (10 digits for a company, 12 for a sole trader).
q-terms-kpp = KPP (9 characters).
q-terms-ogrn = OGRN (13 digits) or OGRNIP (15 digits).
q-terms-bik = The bank's BIK (9 digits).
q-terms-account = Settlement account (20 digits).
q-terms-address = Legal address.
q-terms-amount = The deal's amount, e.g. 1 500 000 or 1,5 млн.
q-terms-subject = The subject of the contract and the deal's terms.
q-terms-deadlines = Deadlines of the contract.
q-terms-executor = Desired executor (if any).
q-terms-stages = The deal's stages — a short list.
q-terms-location = Where is the client located?
q-terms_confirmed-confirmed = Read the terms once more, call the client, read them out and confirm. Only then is the contract drafted.
btn-terms_confirmed-confirmed = ✅ The client confirmed by phone
q-contract_sent-sent = Send the contract to the client to read and confirm — the time is recorded.
btn-contract_sent-sent = ✅ Contract sent
q-contract_sent-callback = When to call the client about the contract?
q-contract_call-called = Call the client: the contract is sent; when would they like to discuss it?
btn-contract_call-called = ✅ Called
q-contract_call-discuss_at = When was the discussion agreed for?
q-contract_discussion-outcome = The outcome of the discussion?
q-contract_discussion-signing_at = When is the signing? (optional)
q-signing-signed_on = Date the contract was signed?
q-invoice-number = Invoice number?
q-invoice-amount = Invoice amount?
q-invoice-date = Invoice date?
q-invoice-pay_by = When to check the payment?
q-payment-amount = Payment amount? Invoiced { $total }, paid { $paid }, left { $left }.
q-payment-over_ok = The payment { $amount } is above what is owed ({ $left }). Is that right? Confirm.
btn-payment-over_ok = ✅ Yes, an overpayment
q-payment-paid_on = Payment date?
q-work-stages = Work stages with the head of the direction, one a line «stage — date», e.g.:
    Design — 15.12
    Layout — 25.12
q-return-comment = What needs fixing? The author gets your comment.
q-lawyer_upload-file = Send the contract file (.docx or .pdf).
q-template-kind = Which template?
q-template-direction = For which direction?
q-template-file = Send the .docx template (up to 5 MB). Placeholders go in double curly braces; the list is in /templates.
q-reason-text = The refusal reason's text?

opt-answer-accepted = ✅ Accepted in full
opt-answer-bargaining = 💬 Bargaining
opt-answer-refused = ❌ Refused
opt-kind-contract = Contract
opt-kind-invoice = Invoice
opt-kind-refusal = ❌ Refusal
opt-kind-payment = 💳 Payment
opt-kind-approval = ✍️ Decision
opt-kind-reopened = ↩️ Reopened
opt-kind-won = 🏆 Deal won
quick-today = Today
quick-yesterday = Yesterday
btn-no-file = No file
btn-amount-same = Amount unchanged
btn-someone-else = Someone else
btn-no-date = No date
btn-deal-amount = = the deal amount: { $amount }
btn-pay-rest = All that is left: { $amount }
btn-next-payment = 💳 Another payment
btn-refusal = ❌ Refusal
btn-reopen = ↩️ Reopen
btn-approve = ✅ Approve
btn-approve-contract = ✅ Approve
btn-return = ↩️ Return with a comment
btn-upload-contract = 📤 Upload the contract
btn-proposal-sent = ▶️ Proposal sent to the client
btn-redo = ▶️ Fix and send again
btn-upload-template = 📤 Upload a template
btn-add-reason = ➕ Add a reason
btn-remove = ✖️ { $name }

label-terms-inn = INN
label-terms-kpp = KPP
label-terms-ogrn = OGRN
label-terms-bik = BIK
label-terms-account = Account
label-terms-address = Address
label-terms-amount = Amount
label-terms-subject = Subject
label-terms-deadlines = Deadlines
label-terms-executor = Executor
label-terms-stages = Stages
label-terms-location = Location

err-req-digits = { $what ->
        [inn] INN
        [ogrn] OGRN
        [bik] BIK
       *[other] The account
    } — digits only.
err-req-length = { $what ->
        [inn] INN — 10 digits (a company) or 12 (a sole trader).
        [kpp] KPP — 9 characters.
        [ogrn] OGRN — 13 digits, OGRNIP — 15.
        [bik] BIK — 9 digits.
       *[other] A settlement account — 20 digits.
    }
err-req-checksum = { $what ->
        [inn] Wrong INN: the check digit does not match. Check the documents.
        [ogrn] Wrong OGRN: the check digit does not match.
       *[other] The account does not match the bank's BIK: check both.
    }
err-req-format = KPP: 4 digits, 2 digits or capital Latin letters, 3 digits.
err-money-nan = I could not read the amount. Write e.g. 1 500 000, 1,5 млн or 250 тыс.
err-money-negative = An amount cannot be negative.
err-money-zero = The amount must be above zero.
err-money-too-large = Too large: above 10¹² ₽. Check the zeros.
err-money-too-precise = Too many digits after the decimal mark: amounts go down to kopecks.
err-when-future = That date has not come yet — today or a past day is needed.
err-stage-lines = I could not read lines: { $lines }. Write «stage — date», e.g. «Design — 15.12».
err-stage-count = At most 20 stages.
err-template-large = The template is over 5 MB.
err-template-broken = This is not a .docx document, or the file is damaged.
err-template-braces = The template has unclosed curly braces: each placeholder is {"{{"}name{"}}"}.
err-template-unknown = Unknown placeholders: { $names }. The allowed ones are in /templates.

proposal-pending = The proposal is awaiting a head's decision.
# a step whose row requires a decision, asked before it is decided
needs-approval-proposal = The proposal must be approved by a head first.
needs-approval-adjustment = The changes must be approved by a head first.
needs-approval-contract_review = The lawyer must approve the contract first.
needs-approval-contract_draft = The lawyer must prepare the contract first.
needs-approval-work_stages = The head of the direction must confirm the work stages first.
adjustment-pending = The adjustments are awaiting a decision.
work-pending = The work stages are with the head of the direction.
contract-at-lawyer = The contract is with the lawyer — wait for the decision.
no-lawyer = There is no lawyer on the team — invite one (/invite); the lawyer reviews contracts.
template-broken = The contract template could not be filled — upload it again (/templates).
contract-generated = 📄 The contract for deal #{ $id } was drafted from the template and sent to the lawyer for review.
contract-asked-lawyer = The direction has no contract template — the lawyer got a request with the deal's parameters.
invoice-generated = 🧾 The invoice for deal #{ $id }, from the template.
proposal-requested = The proposal went for approval: { $heads }. I will tell you the decision.
adjustment-requested = The adjustments went for approval: { $heads }.
work-requested = The work stages went to the head of the direction: { $heads }.
refusal-recorded = ❌ Deal #{ $id } closed by a refusal on { $day }: { $reason }. Refused by: { $name }, { $position }.
terms-recorded = ✅ The parameters of deal #{ $id } are recorded. Check them — any field can be fixed with a button:
terms-updated = ✅ Fixed. The parameters of deal #{ $id }:
terms-account-mismatch = ⚠️ The account does not match the new BIK — fix the account.
terms-locked = Parameters can be fixed only until the client confirmed the terms.
due-set = { $kind }: { $at }.
payment-full = 💳 Paid in full: { $paid }. Next: the work stages with the head of the direction.
payment-partial = 💳 Payment { $amount } recorded. Paid { $paid }, left { $left }.
deal-reopened = Deal #{ $id } is back in work.
head-or-lawyer-only = Only the head of sales and the lawyer can do this.
decide-head-only = A head of the direction or of sales decides this.
decide-lawyer-only = The lawyer decides this.
already-decided = Already decided: { $state } ({ $who }).
state-approved = approved
state-returned = returned
decision-recorded = Decision recorded.
upload-the-contract = Upload the contract file with «Upload the contract».
template-saved = ✅ Template saved: { $file }.
template-none = none
templates-title = <b>Document templates</b>
templates-placeholders = Placeholders:
reasons-title = <b>Refusal reasons</b> — the buttons when a refusal is recorded:
approvals-title = <b>Awaiting your decision</b>: { $count }
approvals-empty = Nothing awaits your decision.
approvals-managers = Your requests and their decisions are on the deal cards.

kind-proposal = Proposal
kind-adjustment = Adjustments
kind-contract_review = Contract review
kind-contract_draft = Contract drafting
kind-work_stages = Work stages

card-proposal = <b>Proposal approval</b> — deal #{ $id }, { $client }
card-adjustment = <b>Bargaining: adjustments</b> — deal #{ $id }, { $client }
card-contract_review = <b>Contract review</b> — deal #{ $id }, { $client }
card-contract_draft = <b>Draft a contract</b> — deal #{ $id }, { $client }
card-work_stages = <b>Work stages</b> — deal #{ $id }, { $client }
card-who = Manager: { $manager } · client: { $contact }, { $position }
card-needs = Needs
card-meeting = Meeting outcome
card-draft = Proposal draft
card-draft-file = The proposal draft is the file above.
card-changes = The client asks: { $changes }
card-new-amount = New amount: { $amount } (was { $was })
card-contract-file = Drafted from the template (the file above). The deal's parameters:
card-contract-none = No template — prepare the contract and upload it. The deal's parameters:
card-stages = Stages
card-requested = Requested: { $at }
card-state-approved = ✅ Approved: { $who }, { $at }
card-state-returned = ↩️ Returned: { $who }, { $at }
card-approval-pending = ⏳ { $what }: awaiting a decision
card-approval-approved = ✅ { $what }: approved ({ $who })
card-approval-returned = ↩️ { $what }: returned ({ $who }): { $comment }
card-refused = ❌ Refused { $day }: { $reason } — { $name }, { $position }
card-won = 🏆 Deal won: work has started.
card-paid = 💳 Paid { $paid } of { $total }

approved-proposal = ✅ The proposal for deal #{ $id } ({ $client }) is approved: { $who }. Send it to the client and mark it.
approved-adjustment = ✅ The adjustments for deal #{ $id } ({ $client }) are approved: { $who }.
approved-contract_review = ✅ The lawyer ({ $who }) approved the contract for deal #{ $id } ({ $client }).
approved-contract_draft = ✅ The lawyer ({ $who }) drafted the contract for deal #{ $id } ({ $client }) — the file above.
approved-work_stages = 🏆 The work stages for deal #{ $id } ({ $client }) are confirmed: { $who }. The deal is won!
returned-proposal = ↩️ The proposal for deal #{ $id } ({ $client }) was returned ({ $who }): { $comment }
returned-adjustment = ↩️ The adjustments for deal #{ $id } ({ $client }) were not approved ({ $who }): { $comment }
returned-contract_review = ↩️ The lawyer ({ $who }) returned the contract for deal #{ $id } ({ $client }): { $comment }
returned-contract_draft = ↩️ The lawyer ({ $who }) returned the contract request for deal #{ $id } ({ $client }): { $comment }
returned-work_stages = ↩️ The work stages for deal #{ $id } ({ $client }) were returned ({ $who }): { $comment }

tl-proposal-requested = The proposal draft went for approval
tl-accepted = The client accepted the proposal in full
tl-terms-confirmed = The terms were read to the client by phone and confirmed
tl-contract-generated = Contract drafted from the template
tl-contract-ready = The contract is ready
tl-contract-by-lawyer = Contract drafted by the lawyer ({ $who })
tl-contract-sent = Contract sent to the client
tl-signed = Contract signed
tl-invoice-generated = Invoice made from the template
tl-paid-in-full = Paid in full
tl-term-edited = Field «{ $field }» fixed
tl-approved-proposal = Proposal approved ({ $who })
tl-approved-adjustment = Adjustments approved ({ $who })
tl-approved-contract_review = The lawyer approved the contract ({ $who })
tl-approved-contract_draft = The lawyer drafted the contract ({ $who })
tl-approved-work_stages = Work stages confirmed ({ $who })
tl-returned = Returned ({ $who }): { $comment }

## Reports

menu-pipeline = 📊 Pipeline
menu-find = 🔎 Search
cmd-pipeline = Pipeline and money
cmd-find = Find a deal
title-period = Own period
q-period-range = The period: two dates with a dash, e.g. 01.11.2026-30.11.2026.
err-period-format = Write the period like this: 01.11.2026-30.11.2026.
err-period-reversed = The period ends before it starts.
err-period-long = A period cannot be longer than five years.
title-search = Find a deal
q-search-query = What are we looking for? A client, contact, INN or manager.
search-length = A query is 2 to 100 characters long.
search-none = Nothing found for «{ $query }».
search-found = Found for «{ $query }»: { $count } · page { $page } of { $pages }
report-user-inactive = This person is switched off — their deals are in the overall report.
report-not-yours = This report is not available to you.
report-heads-only = This report is for heads.
report-everyone = Everyone
period-week = Week
period-month = Month
period-quarter = Quarter
period-custom = Own period
report-title = <b>Pipeline</b> · { $period } · { $scope }
report-open = Open deals: { $count } worth { $amount }
report-conversion = Step conversion (deals of the period): { $steps }
report-problems = ⚠️ Overdue reminders: { $overdue } · 💤 Silent past their limit: { $silent }
report-open-estimated = , incl. ≈ { $amount } estimated from the price list ({ $count ->
        [one] { $count } deal
       *[other] { $count } deals
    })
report-open-unpriced = ; no amount: { $count }
report-no-amount = no amount named
report-stage-unpriced = { " " }(no amount: { $count })
report-created = 🆕 New deals: { $count } ({ $trend }; was { $before })
report-won = 🏆 Won: { $count } for { $amount } ({ $trend }; was { $before } for { $before_amount })
report-lost = ❌ Lost: { $count } for { $amount } ({ $trend }; was { $before })
report-compared = <i>Compared with the same span before: { $window }.</i>
report-plan = 🎯 Plan: { $parts }
report-plan-money = { $fact } of { $plan } ({ $pct }%)
report-plan-deals = { $fact } of { $plan } deals ({ $pct }%)
report-plan-none = 🎯 No plan is set for this period.
report-of-plan = { " " }— { $pct }% of the plan
report-forecast = 🔮 Forecast to { $end }: { $amount }{ $of_plan } (won { $won } + weighted pipeline { $weighted })
report-average = 📐 Average deal { $amount } · we win { $rate }% of deals
report-rate-money = { " " }and { $rate }% of the money
report-cycle = { " " }· first contact to won in { $days } d
report-was = { " " }(was { $value })
report-slowest = ⏳ Deals stay longest at: { $list }
days-decimal = { $days } d
btn-win-rates = 🎲 Win probabilities
btn-winrate-auto = From history
btn-back-to-limits = ⬅️ Back to settings
winrates-title = <b>Win probability per step</b> — the forecast weights the pipeline by it. It comes from the team's deals closed in the last 12 months (when at least 20 reached the step), else the default. Tap a step to set your own.
winrate-history = from history
winrate-default = default
winrate-set = set
title-winrate = Win probability
q-winrate-pct = What share of deals at this step end won, in percent (0–100)? «From history» counts the team's deals.
btn-plan = 🎯 Plan
btn-plan-no-money = No money target
btn-plan-no-deals = No deals target
title-plan = Monthly plan
q-plan-money = How much money to win this month? E.g. «3 mln». Counted on deals won.
q-plan-deals = How many deals to win this month? E.g. 10.
plan-intro = 🎯 Plan for { $month } · { $scope }. { $now }
plan-none-yet = Not set yet.
plan-current = Now: { $money } and { $deals } deals.
plan-saved = ✅ The plan for { $month } is saved.
plan-cleared = The plan for { $month } is removed.
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
btn-chart = 🖼 Funnel as a picture
btn-filter-manager = 👤 Manager
btn-filter-direction = 📂 Direction
btn-people = 👥 People
btn-lost = ❌ Refusals
btn-compliance = ✅ Regulation
btn-export = 📤 Export XLSX and CSV
btn-back-to-report = ⬅️ Back to the pipeline
chart-title = Funnel: the period's deals by step
chart-caption = Sales funnel
chart-trend-total = Won { $won }
money-short-mln = { $n } M
money-short-k = { $n } K
chart-won = Won in the period: { $count } · { $amount }
chart-lost = Lost in the period: { $count } · { $amount }
chart-trend-title-day = Won per day
chart-trend-title-week = Won per week
chart-trend-title-month = Won per month
chart-pace-day = - - - the plan for each day
chart-pace-week = - - - the plan for each week
chart-pace-month = - - - the plan for each month
chart-trend-plan = Won { $won } of the { $plan } planned ({ $pct }%)
chart-trend-no-plan = Won { $won } · no plan set
chart-trend-caption = Money won per week, and the plan
pick-manager = Whose deals?
pick-direction = Which direction?
people-title = <b>People</b> · { $period } · { $scope }
people-legend = 📞 calls · 🤝 meetings · 📄 documents · ▶️ steps · 🏆 won · ❌ refused · ⚠️ overdue · 💤 silent
people-behind = <b>Who is behind</b> (below plan, overdue, silent deals):
people-plan = plan { $pct }%
people-overdue = overdue { $count }
people-silent = silent { $count }
people-off = (switched off)
lost-title = <b>Why deals are lost</b> · { $period } · { $scope }
lost-reasons = Reasons
lost-stages = At which step
lost-people = Who refused
lost-positions = Positions of those who refused
no-data = No data for this period.
compliance-title = <b>Is the regulation followed?</b> · { $period } · { $scope }
check-meeting = Steps after the meeting with no meeting recorded
check-price = A price named without the client demanding it
check-proposal = A proposal without a head's approval
check-lawyer = A contract without the lawyer
check-silent = Deals silent past their limit
check-overdue = Deals with overdue reminders
btn-overdue-list = 📋 The whole overdue list
compliance-drill = { $check }: { $count }
export-caption = Deals: { $deals }, actions: { $activities }.
export-xlsx-too-big = The Excel workbook for this period is over 45 MB — Telegram would not take it. The data is in the CSV above (in parts when large); pick a shorter period for XLSX.
x-id = #
x-deal = Deal
x-client = Client
x-inn = INN
x-contact = Contact
x-position = Position
x-manager = Manager
x-direction = Direction
x-stage = Stage
x-status = Status
x-amount = Amount, ₽
x-created = Created
x-closed = Closed
x-author = Author
x-kind = Action
x-body = Text
x-time = Time
x-sheet-deals = Deals
x-sheet-activities = Actions
x-status-open = open
x-status-won = won
x-status-lost = refused

n-digest = 📬 <b>The week in review</b>
btn-open-pipeline = 📊 Open the pipeline

limits-notices = Meetings: the evening before at { $eve } and { $before } min before. Week in review: { $day }, { $at }.
btn-meeting-notices = 📅 Meeting notices
btn-digest-time = 📬 Week in review
title-notices = Meeting notices
q-notices-eve = When to announce a meeting the evening before? E.g. 18:00.
q-notices-before = How many minutes before the meeting to remind again? (10–720)
title-digest = Week in review
q-digest-day = On which day should the week in review come?
q-digest-at = At what time? E.g. 9:00.
limits-parts = Parts of the day: «morning» — { $morning }, «lunch», «afternoon» — { $lunch }, «evening» — { $evening }.
btn-day-parts = 🕙 Morning, lunch, evening
title-parts = Parts of the day
q-parts-morning = What time is «in the morning»? That is how the bot reads «tomorrow morning». E.g. 10:00.
q-parts-lunch = What time is «after lunch» (and «at lunch», «in the afternoon»)? E.g. 14:00.
q-parts-evening = What time is «in the evening»? E.g. 18:00.
err-parts-lunch = Lunch must come after the morning.
err-parts-evening = The evening must come after lunch.
opt-day-1 = Monday
opt-day-2 = Tuesday
opt-day-3 = Wednesday
opt-day-4 = Thursday
opt-day-5 = Friday
opt-day-6 = Saturday
opt-day-7 = Sunday

file-contract = Contract_{ $id }.docx
file-invoice = Invoice_{ $id }.docx
btn-lang-switch = Русский

export-started = 📤 Preparing the export — the files follow in the next messages.

## The regulation as one table: stale step buttons, the meeting's time, decisions by someone else,
## terms fixed after the lawyer's return, documents kept on the timeline.
step-button-stale = This button is out of date: the deal is already at «{ $stage }». Here is its card.
err-meeting-not-yet = The meeting is set for { $at } — it can be marked as held once it has begun. If it was moved, press «Moved».
no-other-decider = Only someone else can approve: the head of the direction or a head of sales. There is nobody yet — invite them with /invite.
decide-own-request = You cannot approve your own request: another head decides.
q-proposal_draft-amount = The proposal's amount? For example: 1 500 000 or 1.5 mln. No amount yet — «No amount».
btn-no-amount = No amount
label-proposal-amount = Proposal amount
# kept for timeline entries written before the forms were named by their step
label-answer-changes = Adjustments
label-discussion-outcome = Outcome of the discussion
label-first_contact-company = Company
label-negotiation-changes = Adjustments
label-contract_discussion-outcome = Outcome of the discussion
tl-work-started = Work started: the stages are confirmed
label-invoice-number = Invoice no.
tl-proposal-sent = Proposal sent to the client
tl-terms-recorded = Deal parameters recorded
tl-contract-called = The client was told the contract is on its way
terms-title = Parameters of deal #{ $id }:
terms-incomplete = «{ $field }» is missing — nothing can go further without it. Tap the field to fill it in.
btn-fix-terms = ✏️ Fix the parameters
q-terms-legal_name = The client's full name as it stands in the contract (e.g. Romashka LLC). Same as on the card — «As on the card».
btn-as-on-card = As on the card
label-terms-legal_name = Full name
card-after-return = Sent again after the lawyer's return: «{ $comment }»
card-contract-changed = Fixed: { $fields }.
card-contract-unchanged = The parameters did not change.
err-template-single = The template has placeholders in single braces: { $names }. They would stay in the contract as they are — put each in double braces and upload the file again.
err-name-letters = Words are needed, not symbols: write the name or the position in letters.
card-being-returned = ↩️ Being returned with a comment. Changed your mind — open the request again in /approvals.
cancelled-kept = Left the form. Your answers are kept — open this step again and we go on from where you were.
draft-restored = Going on: the answers you typed before are kept.
err-doc-empty = The file is empty (0 bytes). Send a file with something in it.
n-nudges = 💤 <b>Deals without activity past their limit</b>: { $count }. Record what is happening or set the next step.
n-days-silent = { $days ->
    [one] { $days } day without activity
   *[other] { $days } days without activity
}
n-and-more = …and { $count } more.
btn-all-deals = 📋 All my deals
n-escalations = ⚠️ <b>Overdue and not acted on</b>: { $count }.
err-money-ambiguous = «{ $raw }» reads two ways: { $thousands } or { $decimal }. Write it without the comma («1500») or with two digits after it («1,50»).
money-ambiguous = ambiguous (a comma before three digits)
moment = { $weekday }, { $date } at { $time }
day = { $weekday }, { $date }
wds-1 = Mon
wds-2 = Tue
wds-3 = Wed
wds-4 = Thu
wds-5 = Fri
wds-6 = Sat
wds-7 = Sun
err-when-weekday = The weekday does not match the date — check which day you mean.
cmd-team = The team and access
cmd-invite = Invite a team member
cmd-approvals = Waiting for a decision
cmd-templates = Contract and invoice templates
period-last-month = Last month
period-year = Year
period-last-week = Last week
conv-first_contact = Contact
conv-meeting = Meeting
conv-proposal = Proposal
conv-terms = Terms
conv-signing = Signing
conv-payment = Paid
conv-work = Work
err-when-ambiguous-hour = «{ $said }» — morning or evening? Write «at { $morning }» or «at { $evening }».
err-when-ambiguous-day = Today or a week from today? Write the date — e.g. «today 15:00» or «03.12 15:00».
hint-pick-offer = Or pick one:

## Voice answers
stt-off = Voice recognition is not connected — please type the answer.
stt-working = 🎙 Transcribing the voice message… I will send the text for you to check.
stt-heard = 🎙 Heard:
    «{ $text }»

    Save it as the answer?
stt-saved = ✅ Saved
stt-editing = ✏️ Being corrected
stt-edit = Copy the text (tap it), correct it and send it as a message:

    <code>{ $text }</code>
stt-discarded = 🗑 Not saved
stt-again = Record the voice message again, or type the answer.
stt-retrying = 🔁 Transcribing again
stt-kept-audio = 💾 Saved without text
stt-err-unavailable = ⚠️ The recognition server is not answering. The voice message is not lost: try again or type the answer.
stt-err-timeout = ⚠️ Recognition took too long. The voice message is not lost: try again or type the answer.
stt-err-too-long = ⚠️ The voice message is longer than { $minutes } min — too long to transcribe. Record a shorter one or type the answer.
stt-err-empty = ⚠️ No words could be heard. Record it again or type the answer.
stt-err-refused = ⚠️ The recognition server refused the request — tell the bot's administrator. For now, please type the answer.
stt-err-download = ⚠️ Telegram did not give the voice message. Try again or type the answer.
stt-err-not-kept = ⚠️ The voice message's text could not be saved. Send the voice message again or type the answer.
stt-offer = 🗓 The voice message names a time: { $at }. Set a reminder?
stt-remind-past = That time has passed.
stt-remind-exists = This reminder is already set.
btn-stt-save = ✅ Save
btn-stt-edit = ✏️ Correct
btn-stt-again = 🎙 Again
btn-stt-retry = 🔁 Try again
btn-stt-keep = 💾 Without text
btn-stt-remind = ⏰ Remind { $at }

bot-description = The sales team's assistant: walks the sales regulation step by step, records calls, meetings and documents, reminds of call-backs, meetings and payments, and shows the head of sales the pipeline, plan and forecast. Access by invitation.
bot-short-description = The sales regulation, reminders and the pipeline in Telegram. By invitation.

btn-privacy = 🔒 Personal data
privacy-title = <b>Personal data</b> · deal №{ $id }, { $client }. On a person's request, everything stored about them can be exported, or erased: the name, position, phone and their words on the timeline are replaced by a marker; the deal's amounts and steps stay.
privacy-erased-contact = the contact's data is erased
btn-contact-export = 📤 Export: { $name }
btn-contact-erase = 🗑 Erase: { $name }
privacy-export-caption = Everything stored about the contact «{ $name }».
privacy-erase-confirm = Erase the personal data of «{ $name }» ({ $client })? The name, position and phone, and the timeline entries with their words ({ $entries }), will be replaced by a marker. This cannot be undone.
btn-erase-yes = 🗑 Erase for good
privacy-already-erased = This contact's data is erased already.
privacy-erased = ✅ The personal data is erased. Timeline entries changed: { $entries }. The erasure is recorded on the deal's timeline.
tl-erased = [erased on request]
tl-erasure = The contact's personal data was erased on request ({ $who })

# The test-only step 18 (cargo feature `test-step`, README «The regulation as one table»): the
# keys a new row needs — its stage name, its questions, the labels of its typed answers.
stage-acceptance = Certificate of completion
q-acceptance-act_number = The certificate's number?
q-acceptance-accepted_on = When did the client sign the certificate?
label-acceptance-act_number = Certificate number
q-acceptance-signed_by = Who signed the certificate for the client?
label-acceptance-signed_by = Signed by
# the pipeline board (Mini App)
btn-board = 📋 Board
miniapp-menu = Board

# Decided approval cards (cards: who decided, when, the comment; the amount before a bargaining)
card-state-uploaded = ✅ Contract uploaded: { $who }, { $at }
card-decided-comment = Comment: “{ $comment }”
card-new-amount-only = New amount: { $amount }

# step 8: missing requisites asked, the OGRN's kind digit (task «terms»)
err-req-kind = No such OGRN: the first digit is the kind of record. An OGRN (13 digits) cannot start with 0; an OGRNIP (15 digits) starts with 3 or 4.
terms-now-needed = { $key ->
        [kpp] ⚠️ A company (a 10-digit INN) needs a KPP — please enter it.
       *[other] ⚠️ «{ $field }» is missing — please fill it in.
    }
terms-not-needed = { $key ->
        [kpp] Only a company (a 10-digit INN) has a KPP; a sole trader has none.
       *[other] «{ $field }» is not needed for this deal.
    }

# report figures: money of which a part is only the price-list estimate (issue «Reports that disagree with their own definitions»)
money-with-estimate = { $agreed } + ≈ { $estimated }
money-estimated-only = ≈ { $estimated }

## Dates inside sentences (issue 31)
err-when-two-moments = There are two times here — which one? Write one, e.g. «monday 10:00».
err-when-stray-words = There are extra words inside the date. Write it without them, e.g. «friday 10:00».

# the board: every answer a step keeps, under its label (task: board)
label-first_contact-client = Existing client
label-first_contact-name = Contact
label-first_contact-position = Position
label-first_contact-phone = Phone
label-first_contact-channel = Channel
label-first_contact-direction = Direction
label-needs-callback = Call back
label-offer-price_demanded = Client demanded a price
label-offer-price_named = Price named
label-offer-price_named_kopecks = Price quoted
label-offer-price_item = Price list item
label-offer-callback = Call back
label-application-questionnaire = Questionnaire
label-application-meeting_at = Meeting
label-meeting-result = Meeting
label-meeting-new_at = New meeting time
label-proposal-file = Proposal
label-proposal-callback = Call back
label-negotiation-answer = Client's answer
label-negotiation-amount = New amount
label-terms_confirmed-confirmed = Terms
label-contract_draft-template = From the template
label-contract_draft-draft_started = Drafting started
label-contract_draft-draft_finished = Drafting finished
label-contract_draft-lawyer_requested = Sent to the lawyer
label-contract_draft-lawyer_decided = Lawyer answered
label-contract_draft-lawyer = Lawyer
label-contract_draft-file = Contract
label-contract_sent-sent = Contract
label-contract_sent-callback = Call back
label-contract_call-called = Call
label-contract_call-discuss_at = Contract discussion
label-contract_discussion-signing_at = Signing
label-signing-signed_on = Signed on
label-invoice-amount = Invoice amount
label-invoice-date = Invoice date
label-invoice-pay_by = Check payment
label-payment-amount = Payment
label-payment-over_ok = Overpayment
label-payment-paid_on = Payment date
label-payment-paid = Paid in all
label-payment-over = More than owed
label-work-stages = Work stages
label-acceptance-accepted_on = Certificate signed

## Dates said back and offered from the reading (issue 31, second part)
when-range-said = 🗓 Got it: { $day }, from { $from } to { $to }. The start is { $from }.
