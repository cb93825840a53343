## Общее

err-internal = Что-то пошло не так на нашей стороне, действие не выполнено. Сохранённое раньше — на месте. Попробуйте ещё раз через минуту.
err-not-saved = ⚠️ Не получилось сохранить ваше сообщение — это ошибка на нашей стороне. Пожалуйста, отправьте его ещё раз.
state-reset = Извините, бот обновился и не смог продолжить прежний диалог. Сохранённые записи на месте — начните действие заново.
access-denied = Здравствуйте! Этот бот — рабочий инструмент отдела продаж, доступ только по приглашению. Попросите руководителя отдела продаж прислать вам ссылку.
access-denied-short = Доступ только для сотрудников отдела продаж.
invite-invalid = Ссылка-приглашение недействительна: она уже использована или устарела. Попросите руководителя прислать новую.
welcome-joined = Добро пожаловать, { $name }! Вы в команде: { $role }. Меню — внизу, подсказка — /help.
invite-accepted = { $name } принял(а) приглашение: { $role }.
invite-already-member = { $name }, вы уже в команде — приглашение не нужно.
welcome-back = Здравствуйте, { $name }! Меню — внизу, подсказка — /help.
cancelled = Вышли из формы. Всё, что было сохранено раньше, на месте.
nothing-to-cancel = Сейчас нечего отменять.
unknown-command = Такой команды нет. Список команд — /help.
idle-text = Не понял запрос. Выберите действие в меню или откройте сделку в «Мои сделки».
idle-voice = Чтобы сохранить голосовое к сделке: «Мои сделки» → сделка → «Записать действие», затем пришлите голосовое.
form-replaced = Предыдущий незавершённый диалог закрыт.
form-continue = Продолжаем: { $title }.
deal-not-yours = Эта сделка вам недоступна.
head-only = Это доступно только руководителю отдела продаж.
role-cannot-work-deals = Вашей роли это действие недоступно.

## Роли

role-manager = менеджер
role-head_of_sales = руководитель отдела продаж
role-head_of_direction = руководитель направления
role-lawyer = юрист

## Меню

menu-new = ➕ Новый контакт
menu-deals = 📋 Мои сделки
menu-settings = ⚙️ Настройки
menu-approvals = ✍️ На согласовании
menu-help = ❓ Помощь
menu-team = 👥 Команда
menu-directions = 📂 Направления

help-intro =
    <b>Помощник отдела продаж</b>
    Бот ведёт сделку по регламенту продаж: спрашивает то, что требует каждый шаг, и не даёт пропустить обязательное.
# one line of /help per command the role is offered; $role tells the wording apart
help-cmd-new = новый клиент и сделка
help-cmd-deals = { $role ->
        [head_of_direction] сделки вашего направления
        [head_of_sales] все сделки
       *[other] мои сделки
    }
help-cmd-team = команда, отключение доступа
help-cmd-directions = направления и анкеты
help-cmd-pipeline = { $role ->
        [head_of_direction] воронка направления
       *[other] воронка, деньги, просрочки; отсюда же люди, отказы, регламент и выгрузка
    }
help-cmd-find = найти сделку по клиенту, контакту, ИНН или менеджеру
help-cmd-approvals = { $role ->
        [lawyer] договоры на проверку и на составление
       *[other] КП, торг и этапы работ на согласовании
    }
help-cmd-invite = пригласить сотрудника
help-cmd-templates = шаблоны договоров и счетов
help-cmd-pricelist = прайс-лист (загрузка CSV)
help-cmd-questionnaire = { $role ->
        [head_of_direction] загрузить анкету вашего направления
       *[other] загрузить анкету направления
    }
help-cmd-limits = сроки без действий и эскалация просрочек
help-cmd-reasons = причины отказа
help-cmd-settings = часовой пояс и язык
help-cmd-help = эта подсказка
help-cmd-cancel = выйти из диалога (сохранённое не теряется)
help-manager =
    <b>Новый клиент</b> — /new: компания, имя и должность собеседника, канал, направление.
    Дальше по шагам регламента до начала работ (17); в карточке — «Отказ» на любом этапе.
    В карточке сделки — «Записать действие»: звонок, встреча, документ, заметка; можно голосовым.
    Даты пишите как удобно: «завтра в 15:00», «через 2 дня», «пт 10:30», «12.12 14:00».

## Этапы

stage-name = { $step }. { $name }
# the title of a step's form, from the step table's number and the stage's name
step-title = Шаг { $step } · { $name }
stage-first_contact = Первичный контакт
stage-needs = Потребности
stage-offer = Предложение
stage-application = Анкета и встреча
stage-meeting = Встреча
stage-proposal = Коммерческое предложение
stage-negotiation = Ответ клиента
stage-terms = Параметры сделки
stage-terms_confirmed = Условия подтверждены
stage-contract_draft = Договор
stage-contract_sent = Договор отправлен
stage-contract_call = Звонок по договору
stage-contract_discussion = Обсуждение договора
stage-signing = Подписание
stage-invoice = Счёт
stage-payment = Оплата
stage-work = Начало работ
status-won = сделка выиграна
status-lost = отказ

step-closed = Сделка закрыта — шаги по ней больше не записываются. Действие можно записать через «Записать действие».
step-already-done = Шаг «{ $stage }» по этой сделке уже записан.
step-missing = Рано: шаг «{ $stage }» записывается только после шага «{ $missing }».
step-moved-meanwhile = Пока вы заполняли, сделка перешла на этап «{ $stage }». Ответы не записаны — откройте карточку.
step-not-in-bot = Шаг «{ $stage }» в боте пока не ведётся. Записывайте ход сделки через «Записать действие».
step-recorded = ✅ Сделка №{ $id }: записан шаг «{ $stage }».

## Формы: заголовки

title-contact = Новый контакт
title-log = Запись действия
title-invite = Приглашение
title-direction = Новое направление
title-pricelist = Прайс-лист
title-questionnaire = Анкета направления
title-tz = Часовой пояс

## Формы: вопросы

q-contact-company = Как называется компания клиента?
q-contact-client = Похожие клиенты уже есть в базе. Это один из них? Если выберете — новый контакт добавится к нему, без дубля.
q-contact-name = Как зовут собеседника? Имя обязательно по регламенту, лучше с фамилией: «Анна Иванова».
q-contact-position = Должность собеседника? Например: «директор по закупкам».
q-contact-phone = Телефон собеседника, например +7 912 345-67-89.
q-contact-channel = Откуда пришёл контакт?
q-contact-direction = Какое направление интересует клиента?

q-needs-specifics = Особенности и специфика бизнеса клиента?
q-needs-news = Новости бизнеса?
q-needs-plans = Ближайшие планы?
q-needs-worries = Беспокойства, страхи, неуверенности, переживания клиента?
q-needs-new_directions = Новые направления, которые развивает клиент?
q-needs-callback = Когда перезвонить? Например: «завтра в 11:00», «через 3 дня».
hint-skip-counted = Регламент просит собрать максимум информации: пропуск будет отмечен в сделке.

q-offer-offer = Какое предложение вы сформулировали исходя из потребностей клиента?
q-offer-price_demanded = Клиент категорично потребовал назвать цену? (Без этого цену в первом разговоре не называем.)
q-offer-price_named = Нижняя граница прайс-листа по направлению «{ $direction }»: <b>{ $price }</b> ({ $item }). Назовите клиенту эту цену и подтвердите.
q-offer-price_named-none = По направлению сделки в прайс-листе нет цен — уточните у руководителя. Подтвердите, что назвали клиенту нижнюю границу.
q-offer-callback = Когда перезвонить клиенту?
btn-offer-price_named = ✅ Назвал(а) эту цену

q-application-questionnaire = Перешлите клиенту анкету для определения цены (файл выше) и подтвердите отправку.
q-application-questionnaire-none = Анкета для направления этой сделки в бот не загружена (загружает руководитель: /questionnaire). Отправьте клиенту анкету сами и подтвердите.
btn-application-questionnaire = ✅ Анкета отправлена
q-application-meeting_at = Когда встреча? Например: «завтра в 15:00», «пт 10:30», «12.12 14:00».
q-application-place = Где встреча? Адрес или «онлайн, Zoom».
questionnaire-caption = Анкета для клиента { $client } — перешлите её клиенту.

q-meeting-result = Встреча { $at }, { $place }. Как прошла?
q-meeting-outcome = Итог встречи: о чём договорились, что дальше?
q-meeting-new_at = На когда перенесли встречу?

q-log-kind = Что записать?
q-log-body = Опишите коротко текстом, пришлите голосовое или файл.

q-invite-role = Кого приглашаем?
q-invite-direction = Какое направление возглавит приглашённый?
q-direction-name = Название направления?
q-pricelist-file = Пришлите прайс-лист файлом CSV: «направление; позиция; мин. цена; макс. цена», по строке на позицию. Текущий прайс-лист будет заменён целиком.
q-questionnaire-direction = Для какого направления анкета?
q-questionnaire-file = Пришлите файл анкеты (.docx, .pdf или .xlsx, до 20 МБ).
q-tz-tz = Выберите часовой пояс или напишите его название, например Asia/Novosibirsk.

## Варианты ответов

opt-channel-call = Звонок
opt-channel-website = Заявка с сайта
opt-channel-referral = Рекомендация
opt-channel-exhibition = Выставка
opt-channel-social = Соцсети
opt-channel-other = Другое
opt-role-manager = Менеджер
opt-role-head_of_direction = Руководитель направления
opt-role-lawyer = Юрист
opt-role-head_of_sales = Руководитель отдела продаж
opt-kind-call = 📞 Звонок
opt-kind-meeting = 🤝 Встреча
opt-kind-document = 📄 Документ отправлен
opt-kind-note = 📝 Заметка
opt-kind-stage = Этап
opt-kind-reminder = Напоминание
opt-kind-created = 🆕 Сделка создана
opt-result-held = ✅ Состоялась
opt-result-moved = 🔁 Перенесена

quick-tomorrow-10 = Завтра 10:00
quick-tomorrow-15 = Завтра 15:00
quick-after-tomorrow-11 = Послезавтра 11:00
quick-week-10 = Через неделю 10:00
quick-in-2-hours = Через 2 часа
quick-in-3-days = Через 3 дня 10:00

tz-Europe-Kaliningrad = Калининград (МСК−1)
tz-Europe-Moscow = Москва (МСК)
tz-Europe-Samara = Самара (МСК+1)
tz-Asia-Yekaterinburg = Екатеринбург (МСК+2)
tz-Asia-Omsk = Омск (МСК+3)
tz-Asia-Novosibirsk = Новосибирск (МСК+4)
tz-Asia-Krasnoyarsk = Красноярск (МСК+4)
tz-Asia-Irkutsk = Иркутск (МСК+5)
tz-Asia-Yakutsk = Якутск (МСК+6)
tz-Asia-Vladivostok = Владивосток (МСК+7)
tz-Asia-Kamchatka = Камчатка (МСК+9)

## Кнопки

btn-skip = Пропустить
btn-done = ✅ Готово
btn-yes = Да
btn-no = Нет
btn-cancel = ✖️ Отменить
btn-new-client = Нет, это новый клиент
btn-no-callback = Не назначать
btn-open-deal = 📇 Карточка сделки
btn-next-step = ▶️ Шаг { $stage }
btn-log = 📝 Записать действие
btn-log-more = 📝 Ещё действие
btn-history = 🕓 История
btn-back-to-list = ⬅️ К списку сделок
btn-back = ⬅️ Назад
btn-invite = ➕ Пригласить
btn-deactivate = 🚫 Отключить: { $name }
btn-yes-deactivate = Да, отключить
btn-add-direction = ➕ Добавить направление
btn-upload-questionnaire = 📎 Анкета
btn-upload-pricelist = 📤 Загрузить прайс-лист
btn-timezone = 🕒 Часовой пояс

## Ошибки ввода

err-not-skippable = Этот вопрос обязательный — пропустить нельзя.
err-phone-chars = В номере телефона могут быть только цифры, пробелы, «+», «-» и скобки.
err-phone-length = Не похоже на номер телефона: нужно 11 цифр (+7 912 345-67-89) или международный номер с «+».
err-use-buttons = Выберите вариант кнопкой под вопросом.
err-stale-button = Эта кнопка устарела — ответьте на последний вопрос.
err-yes-no = Ответьте «Да» или «Нет» — кнопкой или словом.
err-doc-ext = Нужен файл одного из типов: { $exts }.
err-doc-size = Файл слишком большой: до { $mb } МБ.
err-doc-expected = Пришлите файл документом ({ $exts }).
err-attachment-expected = Пришлите текст, голосовое или файл.
err-timezone = Не знаю такого часового пояса. Выберите кнопкой или напишите как Europe/Moscow.
err-text-expected = Здесь нужен ответ текстом.
err-empty = Ответ пустой — напишите хотя бы пару слов.
err-too-long = Слишком длинный ответ: { $len } символов, можно до { $max }. Сократите, пожалуйста.
err-when-unparseable = Не понял дату. Напишите, например: «завтра в 15:00», «через 2 дня», «пт 10:30», «12.12 14:00».
err-when-missing-time = Укажите и время: например, «12.12 14:00» или «завтра в 15:00».
err-when-bad-time = Такого времени нет: часы 0–23, минуты 0–59.
err-when-impossible = Такой даты нет в календаре. Проверьте число и месяц.
err-when-past = Это время уже прошло — укажите будущее.
err-when-negative = Срок не может быть отрицательным: «через 2 дня», а не «через -2».
err-when-too-far = Слишком далеко: не дальше пяти лет вперёд.
err-direction-exists = Направление «{ $name }» уже есть.
err-file-download = Не удалось получить файл из Telegram. Пришлите его ещё раз.
err-pricelist-empty = В файле нет ни одной строки прайс-листа.
err-pricelist =
    { $count ->
        [one] В прайс-листе { $count } ошибка, ничего не сохранено:
        [few] В прайс-листе { $count } ошибки, ничего не сохранено:
       *[many] В прайс-листе { $count } ошибок, ничего не сохранено:
    }
    { $details }
    Исправьте файл и пришлите снова.
pl-line = строка { $line }: { $what }
pl-columns =
    { $n ->
        [one] { $n } столбец вместо 4
        [few] { $n } столбца вместо 4
       *[many] { $n } столбцов вместо 4
    }
pl-empty-direction = не указано направление
pl-empty-item = не указана позиция
pl-min = минимальная цена — { $why }
pl-max = максимальная цена — { $why }
pl-min-above-max = минимальная цена больше максимальной
pl-unknown-direction = нет направления «{ $name }» (сначала добавьте его в /directions)
money-empty = пусто
money-nan = не число
money-negative = отрицательная
money-zero = ноль
money-too-large = больше 10¹² ₽
money-too-precise = дробные копейки

## Результаты

deal-created =
    ✅ Сделка №{ $id } создана: { $client }.
    Собеседник: { $name }, { $position }.
    Следующий шаг регламента — узнать потребности клиента.
label-needs-specifics = Специфика
label-needs-news = Новости
label-needs-plans = Планы
label-needs-worries = Беспокойства
label-needs-new_directions = Новые направления
label-offer-offer = Предложение
label-application-place = Место встречи
label-meeting-outcome = Итог
needs-saved = Ответов: { $answered } из { $total }.
offer-price-recorded = Записано: названа нижняя граница прайс-листа — { $price }.
meeting-arranged = Встреча: { $at }, { $place }. Напоминание сохранено.
callback-set = Перезвонить: { $at }.
meeting-moved = 🔁 Встреча перенесена на { $at }. Напоминание обновлено.
activity-logged = ✅ Записано: { $kind } — сделка №{ $id }, { $client }.
invite-needs-direction = Чтобы пригласить руководителя направления, сначала добавьте направление.
invite-created =
    Приглашение ({ $role }) готово. Перешлите ссылку сотруднику — она одноразовая и действует { $days ->
        [one] { $days } день
        [few] { $days } дня
       *[many] { $days } дней
    }:
    { $link }
direction-added = ✅ Направление «{ $name }» добавлено.
pricelist-saved =
    ✅ Прайс-лист сохранён: { $count ->
        [one] { $count } позиция
        [few] { $count } позиции
       *[many] { $count } позиций
    }.
questionnaire-saved = ✅ Анкета для направления «{ $direction }» сохранена: { $file }.
no-directions = Направлений пока нет. Добавьте первое кнопкой ниже.

## Сделки

deals-empty = Открытых сделок нет. Новый клиент — кнопка ниже или /new.
deals-title =
    <b>Открытые сделки</b>: { $count } · стр. { $page } из { $pages }
    Сверху — с самым свежим действием.
card-channel = канал: { $channel }
overdue = ⚠️ просрочено
nothing-due = ничего не назначено
recent-activity = Последние действия
reminder-callback = Перезвонить
reminder-meeting = Встреча
reminder-contract_discussion = Обсуждение договора
reminder-signing = Подписание
reminder-payment_check = Проверить оплату
reminder-custom = Напоминание
tl-stage = Этап → { $stage }
tl-reminder = Назначено: { $kind }, { $at }
voice-seconds =
    { $n ->
        [one] { $n } секунда
        [few] { $n } секунды
       *[many] { $n } секунд
    }
timeline-title = <b>История сделки №{ $id }, { $client }</b> · стр. { $page } из { $pages }

## Команда и справочники

team-title =
    <b>Команда</b>: { $count ->
        [one] { $count } человек
        [few] { $count } человека
       *[many] { $count } человек
    }
deactivate-confirm = Отключить доступ сотруднику: { $name }? Сделки и записи сотрудника сохранятся.
cannot-deactivate = Этого сотрудника отключить нельзя (вы сами или руководитель из настроек бота).
deactivated = Доступ отключён: { $name }.
directions-title = <b>Направления</b>
has-questionnaire = анкета загружена
no-questionnaire = анкеты нет
price-rows =
    { $count ->
        [one] { $count } позиция в прайсе
        [few] { $count } позиции в прайсе
       *[many] { $count } позиций в прайсе
    }
pricelist-title = <b>Прайс-лист</b>
pricelist-empty = Прайс-лист пуст.
pricelist-format = Формат загрузки: CSV, «направление; позиция; мин. цена; макс. цена». Цены как удобно: «50 000», «1,5 млн».

## Настройки

lang-name = Русский
settings-title =
    <b>Настройки</b>
    Часовой пояс: { $tz } · язык: { $lang }
    Утренняя сводка: { $agenda }
    Рабочие дни: { $days }, часы: { $hours }
    { $pause }
lang-changed = Язык переключён: русский.

## Меню команд Telegram

cmd-new = Новый контакт
cmd-deals = Мои сделки
cmd-settings = Часовой пояс и язык
cmd-help = Как пользоваться ботом
cmd-cancel = Выйти из диалога

## Напоминания

title-snooze = Отложить напоминание
title-reschedule = Перенести
title-remind = Напоминание по сделке
title-agenda = Время утренней сводки
title-hours = Рабочие часы
title-pause = Пауза (отпуск)
title-limit = Срок без действий
title-escalate = Эскалация просрочек
q-snooze-when = До какого времени отложить? Например: «через 30 минут», «завтра в 11:00».
q-reschedule-when = На когда перенести? Например: «пт 10:30», «12.12 14:00».
q-remind-what = О чём напомнить? Например: «позвонить, уточнить бюджет».
q-remind-when = Когда напомнить? Например: «пт 10:00», «через 3 дня».
q-agenda-at = Во сколько присылать утреннюю сводку? Например: 8:30.
q-hours-hours = Ваши рабочие часы, например 9:00-19:00. Вне их бот не пишет, кроме напоминаний на время, которое вы назначили сами.
q-pause-until = До какого дня пауза? Например: «10.12» — в этот день напоминания возобновятся.
q-limit-days = Сколько дней сделка может быть без действий на этом этапе, прежде чем бот напомнит менеджеру?
q-escalate-hours = Через сколько часов после срока неотработанное напоминание уходит руководителям?
quick-in-15-min = Через 15 мин
quick-in-1-hour = Через 1 час
quick-tomorrow-9 = Завтра 9:00
btn-own-time = 🕒 Своё время
btn-r-done = ✅ Готово
btn-r-snooze = ⏳ Отложить
btn-r-move = 📅 Перенести
btn-r-log-meeting = ▶️ Записать итог встречи
btn-remind = ⏰ Напомнить
err-clock = Не понял время. Напишите, например, 9:00 или 8:30.
err-hours-format = Напишите часы так: 9:00-19:00.
err-hours-order = Конец рабочего дня должен быть позже начала.
err-number = Нужно целое число от { $min } до { $max }.
err-no-work-days = Должен остаться хотя бы один рабочий день.
reminder-not-yours = Это напоминание не ваше.
reminder-already-closed = Это напоминание уже закрыто.
reminder-marked-done = ✅ Выполнено.
reminder-snoozed = ⏳ Отложено до { $at }.
reminder-moved = 📅 Перенесено на { $at }.
reminder-set = ⏰ Напомню { $at }: { $what }.
paused = ⏸ Пауза до { $until }: напоминания придут после неё, ничего не потеряется.
unpaused = Пауза снята.
settings-paused = ⏸ пауза до { $until }
settings-not-paused = без паузы
wd-0 = Пн
wd-1 = Вт
wd-2 = Ср
wd-3 = Чт
wd-4 = Пт
wd-5 = Сб
wd-6 = Вс
btn-pause = ⏸ Пауза (отпуск)
btn-unpause = ▶️ Снять паузу
btn-agenda-time = 🌅 Время сводки
btn-work-hours = 🕘 Рабочие часы
limits-title =
    <b>Сроки без действий</b> — после них бот напоминает менеджеру о сделке.
    Неотработанное напоминание уходит руководителям через { $hours } ч.
days =
    { $n ->
        [one] { $n } день
        [few] { $n } дня
       *[many] { $n } дней
    }
btn-escalate-hours = ⏫ Часы до эскалации
team-paused = ⏸ пауза до { $until }
team-blocked = 🚫 заблокировал(а) бота

## Уведомления

n-deal-line = Сделка №{ $id } · { $client } · { $stage }
n-late = ⚠️ С опозданием (бот был недоступен), срок был { $at }.
n-due = ⏰ <b>{ $kind }</b> — { $at }
n-meeting-eve = 📅 Завтра встреча: <b>{ $at }</b>, { $place }
n-meeting-soon = 📅 Скоро встреча: <b>{ $at }</b>, { $place }
n-meeting-advice = Регламент: приходите с небольшим подарком (бизнес-сувенир, конфеты), вид — представительный. На встрече возможно заключение сделки.
n-meeting-after = Как прошла встреча { $at }? Запишите итог: без него не готовится коммерческое предложение.
n-agenda =
    🌅 <b>План на { $date }</b> · { $count ->
        [one] { $count } дело
        [few] { $count } дела
       *[many] { $count } дел
    }
n-agenda-overdue =
    ⚠️ <b>Просрочено</b>: { $count }
n-nudge = 💤 По сделке нет действий { $days ->
        [one] { $days } день
        [few] { $days } дня
       *[many] { $days } дней
    }. Запишите, что происходит, или назначьте следующий шаг.
n-escalation = ⚠️ <b>Просрочено и не отработано</b>: { $kind }, срок был { $at }. Менеджер: { $manager }.
n-blocked = 🚫 { $name } заблокировал(а) бота — напоминания не доходят. Попросите снова открыть чат с ботом.

## Шаги 5–17

title-refusal = Шаг 6 · Отказ
title-return = Вернуть с комментарием
title-lawyer_upload = Договор от юриста
title-template = Шаблон документа
title-reason = Причина отказа

q-proposal_draft-draft = Пришлите черновик КП: текстом, файлом или голосовым. КП готовится только вместе с руководителем направления или отдела продаж.
q-proposal_draft-decider = С кем готовите КП? Этому руководителю придёт карточка на согласование.
q-proposal-file = КП согласовано. Отправьте его клиенту и пришлите сюда файл, который ушёл клиенту (или без файла).
q-proposal-callback = Когда перезвонить клиенту по КП?
q-negotiation-answer = Как клиент ответил на КП?
q-negotiation-changes = Что клиент просит изменить? (цена, сроки, объём…)
q-negotiation-amount = Новая сумма, если она меняется (например: 1,2 млн).
q-refusal-on = Дата отказа?
q-refusal-reason = Причина отказа? Выберите или напишите свою.
q-refusal-who = Кто отказал? (регламент: имя и должность)
q-refusal-who_name = Кто отказал — имя, лучше с фамилией?
q-refusal-who_position = Должность того, кто отказал?
q-terms-inn = ИНН клиента (10 цифр — организация, 12 — ИП).
q-terms-kpp = КПП (9 знаков).
q-terms-ogrn = ОГРН (13 цифр) или ОГРНИП (15 цифр).
q-terms-bik = БИК банка (9 цифр).
q-terms-account = Расчётный счёт (20 цифр).
q-terms-address = Юридический адрес.
q-terms-amount = Сумма сделки, например: 1 500 000 или 1,5 млн.
q-terms-subject = Предмет договора и условия сделки.
q-terms-deadlines = Сроки исполнения договора.
q-terms-executor = Желаемый исполнитель (если есть).
q-terms-stages = Этапы сделки — коротким списком.
q-terms-location = Где территориально находится клиент?
q-terms_confirmed-confirmed = Прочитайте условия ещё раз, созвонитесь с клиентом, зачитайте их и подтвердите. Только после этого составляется договор.
btn-terms_confirmed-confirmed = ✅ Клиент подтвердил по телефону
q-contract_sent-sent = Отправьте договор клиенту на прочтение и подтвердите — время отправки запишется.
btn-contract_sent-sent = ✅ Договор отправлен
q-contract_sent-callback = Когда позвонить клиенту по договору?
q-contract_call-called = Позвоните клиенту: договор отправлен, когда удобно обсудить условия?
btn-contract_call-called = ✅ Позвонил(а)
q-contract_call-discuss_at = На когда договорились обсудить договор?
q-contract_discussion-outcome = Итог обсуждения договора?
q-contract_discussion-signing_at = Когда подписание? (можно не назначать)
q-signing-signed_on = Дата подписания договора?
q-invoice-number = Номер счёта?
q-invoice-amount = Сумма счёта?
q-invoice-date = Дата счёта?
q-invoice-pay_by = Когда проверить оплату?
q-payment-amount = Сумма платежа? По счёту { $total }, оплачено { $paid }, осталось { $left }.
q-payment-over_ok = Платёж { $amount } больше остатка ({ $left }). Это точно так? Подтвердите.
btn-payment-over_ok = ✅ Да, переплата
q-payment-paid_on = Дата платежа?
q-work-stages = Этапы работ с руководителем направления: по строке «этап — дата», например:
    Дизайн — 15.12
    Вёрстка — 25.12
q-return-comment = Что нужно исправить? Комментарий получит автор.
q-lawyer_upload-file = Пришлите файл договора (.docx или .pdf).
q-template-kind = Какой шаблон?
q-template-direction = Для какого направления?
q-template-file = Пришлите шаблон .docx (до 5 МБ). Подстановки — в двойных фигурных скобках, список — в /templates.
q-reason-text = Текст причины отказа?

opt-answer-accepted = ✅ Принял полностью
opt-answer-bargaining = 💬 Торгуется
opt-answer-refused = ❌ Отказался
opt-kind-contract = Договор
opt-kind-invoice = Счёт
opt-kind-refusal = ❌ Отказ
opt-kind-payment = 💳 Оплата
opt-kind-approval = ✍️ Решение
opt-kind-reopened = ↩️ Возвращена в работу
opt-kind-won = 🏆 Сделка выиграна
quick-today = Сегодня
quick-yesterday = Вчера
btn-no-file = Без файла
btn-amount-same = Сумма не меняется
btn-someone-else = Другой человек
btn-no-date = Не назначать
btn-deal-amount = = сумме сделки: { $amount }
btn-pay-rest = Весь остаток: { $amount }
btn-next-payment = 💳 Ещё платёж
btn-refusal = ❌ Отказ
btn-reopen = ↩️ Вернуть в работу
btn-approve = ✅ Согласовать
btn-approve-contract = ✅ Одобрить
btn-return = ↩️ Вернуть с комментарием
btn-upload-contract = 📤 Загрузить договор
btn-proposal-sent = ▶️ КП отправлено клиенту
btn-redo = ▶️ Исправить и отправить снова
btn-upload-template = 📤 Загрузить шаблон
btn-add-reason = ➕ Добавить причину
btn-remove = ✖️ { $name }

label-terms-inn = ИНН
label-terms-kpp = КПП
label-terms-ogrn = ОГРН
label-terms-bik = БИК
label-terms-account = Р/с
label-terms-address = Адрес
label-terms-amount = Сумма
label-terms-subject = Предмет
label-terms-deadlines = Сроки
label-terms-executor = Исполнитель
label-terms-stages = Этапы
label-terms-location = Местонахождение

err-req-digits = { $what ->
        [inn] ИНН
        [ogrn] ОГРН
        [bik] БИК
       *[other] Р/с
    } — только цифры.
err-req-length = { $what ->
        [inn] ИНН — 10 цифр (организация) или 12 (ИП).
        [kpp] КПП — 9 знаков.
        [ogrn] ОГРН — 13 цифр, ОГРНИП — 15.
        [bik] БИК — 9 цифр.
       *[other] Расчётный счёт — 20 цифр.
    }
err-req-checksum = { $what ->
        [inn] Неверный ИНН: не сходится контрольная цифра. Проверьте по документам.
        [ogrn] Неверный ОГРН: не сходится контрольная цифра.
       *[other] Расчётный счёт не сходится с БИК банка: проверьте и счёт, и БИК.
    }
err-req-format = КПП: 4 цифры, 2 цифры или заглавные латинские буквы, 3 цифры.
err-money-nan = Не понял сумму. Напишите, например: 1 500 000, 1,5 млн или 250 тыс.
err-money-negative = Сумма не может быть отрицательной.
err-money-zero = Сумма должна быть больше нуля.
err-money-too-large = Слишком большая сумма: больше 10¹² ₽. Проверьте нули.
err-money-too-precise = Слишком много знаков после запятой: сумма считается до копеек.
err-when-future = Эта дата ещё не наступила — нужна сегодняшняя или прошедшая.
err-stage-lines = Не понял строки: { $lines }. Пишите «этап — дата», например «Дизайн — 15.12».
err-stage-count = Не больше 20 этапов.
err-template-large = Шаблон больше 5 МБ.
err-template-broken = Это не документ .docx или файл повреждён.
err-template-braces = В шаблоне незакрытые фигурные скобки: каждая подстановка — {"{{"}имя{"}}"}.
err-template-unknown = Неизвестные подстановки: { $names }. Список допустимых — в /templates.

proposal-pending = КП уже на согласовании — дождитесь решения руководителя.
# a step whose row requires a decision, asked before it is decided
needs-approval-proposal = Сначала КП должно быть согласовано с руководителем.
needs-approval-adjustment = Сначала корректировки должны быть согласованы с руководителем.
needs-approval-contract_review = Сначала договор должен одобрить юрист.
needs-approval-contract_draft = Сначала договор должен подготовить юрист.
needs-approval-work_stages = Сначала этапы работ должен подтвердить руководитель направления.
adjustment-pending = Корректировки на согласовании — дождитесь решения.
work-pending = Этапы работ на согласовании у руководителя направления.
contract-at-lawyer = Договор уже у юриста — дождитесь решения.
no-lawyer = В команде нет юриста, а договор проверяет юрист. Пригласите юриста через /invite.
template-broken = Шаблон договора не удалось заполнить — загрузите его заново (/templates).
contract-generated = 📄 Договор по сделке №{ $id } составлен по шаблону и отправлен юристу на проверку.
contract-asked-lawyer = Шаблона договора для направления нет — запрос с параметрами сделки отправлен юристу.
invoice-generated = 🧾 Счёт по сделке №{ $id } по шаблону.
proposal-requested = КП отправлено на согласование: { $heads }. Сообщу о решении.
adjustment-requested = Корректировки отправлены на согласование: { $heads }.
work-requested = Этапы работ отправлены руководителю направления: { $heads }.
refusal-recorded = ❌ Сделка №{ $id } закрыта отказом { $day }: { $reason }. Отказал(а): { $name }, { $position }.
terms-recorded = ✅ Параметры сделки №{ $id } записаны. Проверьте — любое поле можно исправить кнопкой:
terms-updated = ✅ Исправлено. Параметры сделки №{ $id }:
terms-account-mismatch = ⚠️ Расчётный счёт не сходится с новым БИК — исправьте счёт.
terms-locked = Параметры можно исправлять только до подтверждения условий клиентом.
due-set = { $kind }: { $at }.
payment-full = 💳 Оплачено полностью: { $paid }. Следующий шаг — этапы работ с руководителем направления.
payment-partial = 💳 Платёж { $amount } записан. Оплачено { $paid }, осталось { $left }.
deal-reopened = Сделка №{ $id } возвращена в работу.
head-or-lawyer-only = Это доступно руководителю отдела продаж и юристу.
decide-head-only = Это решение принимает руководитель направления или отдела продаж.
decide-lawyer-only = Это решение принимает юрист.
already-decided = Уже решено: { $state } ({ $who }).
state-approved = согласовано
state-returned = возвращено
decision-recorded = Решение записано.
upload-the-contract = Загрузите файл договора кнопкой «Загрузить договор».
template-saved = ✅ Шаблон сохранён: { $file }.
template-none = нет
templates-title = <b>Шаблоны документов</b>
templates-placeholders = Подстановки:
reasons-title = <b>Причины отказа</b> — кнопки при записи отказа:
approvals-title = <b>Ждут вашего решения</b>: { $count }
approvals-empty = Нет запросов, ждущих вашего решения.
approvals-managers = Ваши запросы и решения по ним — в карточке сделки.

kind-proposal = КП
kind-adjustment = Корректировки
kind-contract_review = Проверка договора
kind-contract_draft = Составление договора
kind-work_stages = Этапы работ

card-proposal = <b>Согласование КП</b> — сделка №{ $id }, { $client }
card-adjustment = <b>Торг: корректировки</b> — сделка №{ $id }, { $client }
card-contract_review = <b>Проверка договора</b> — сделка №{ $id }, { $client }
card-contract_draft = <b>Составить договор</b> — сделка №{ $id }, { $client }
card-work_stages = <b>Этапы работ</b> — сделка №{ $id }, { $client }
card-who = Менеджер: { $manager } · клиент: { $contact }, { $position }
card-needs = Потребности
card-meeting = Итог встречи
card-draft = Черновик КП
card-draft-file = Черновик КП — файлом выше.
card-changes = Клиент просит: { $changes }
card-new-amount = Новая сумма: { $amount } (было { $was })
card-contract-file = Договор составлен по шаблону (файл выше). Параметры сделки:
card-contract-none = Шаблона нет — подготовьте договор и загрузите его. Параметры сделки:
card-stages = Этапы
card-requested = Запрошено: { $at }
card-state-approved = ✅ Согласовано: { $who }, { $at }
card-state-returned = ↩️ Возвращено: { $who }, { $at }
card-approval-pending = ⏳ { $what }: на согласовании
card-approval-approved = ✅ { $what }: согласовано ({ $who })
card-approval-returned = ↩️ { $what }: возвращено ({ $who }): { $comment }
card-refused = ❌ Отказ { $day }: { $reason } — { $name }, { $position }
card-won = 🏆 Сделка выиграна: работы начаты.
card-paid = 💳 Оплачено { $paid } из { $total }

approved-proposal = ✅ КП по сделке №{ $id } ({ $client }) согласовано: { $who }. Отправьте его клиенту и отметьте.
approved-adjustment = ✅ Корректировки по сделке №{ $id } ({ $client }) согласованы: { $who }.
approved-contract_review = ✅ Юрист ({ $who }) одобрил договор по сделке №{ $id } ({ $client }).
approved-contract_draft = ✅ Юрист ({ $who }) подготовил договор по сделке №{ $id } ({ $client }) — файл выше.
approved-work_stages = 🏆 Этапы работ по сделке №{ $id } ({ $client }) подтверждены: { $who }. Сделка выиграна!
returned-proposal = ↩️ КП по сделке №{ $id } ({ $client }) возвращено ({ $who }): { $comment }
returned-adjustment = ↩️ Корректировки по сделке №{ $id } ({ $client }) не согласованы ({ $who }): { $comment }
returned-contract_review = ↩️ Юрист ({ $who }) вернул договор по сделке №{ $id } ({ $client }): { $comment }
returned-contract_draft = ↩️ Юрист ({ $who }) вернул запрос на договор по сделке №{ $id } ({ $client }): { $comment }
returned-work_stages = ↩️ Этапы работ по сделке №{ $id } ({ $client }) возвращены ({ $who }): { $comment }

tl-proposal-requested = Черновик КП отправлен на согласование
tl-accepted = Клиент принял КП полностью
tl-terms-confirmed = Условия зачитаны клиенту по телефону и подтверждены
tl-contract-generated = Договор составлен по шаблону
tl-contract-ready = Договор готов
tl-contract-by-lawyer = Договор подготовлен юристом ({ $who })
tl-contract-sent = Договор отправлен клиенту
tl-signed = Договор подписан
tl-invoice-generated = Счёт сформирован по шаблону
tl-paid-in-full = Оплачено полностью
tl-term-edited = Исправлено поле «{ $field }»
tl-approved-proposal = КП согласовано ({ $who })
tl-approved-adjustment = Корректировки согласованы ({ $who })
tl-approved-contract_review = Юрист одобрил договор ({ $who })
tl-approved-contract_draft = Юрист подготовил договор ({ $who })
tl-approved-work_stages = Этапы работ подтверждены ({ $who })
tl-returned = Возвращено ({ $who }): { $comment }

## Отчёты

menu-pipeline = 📊 Воронка
menu-find = 🔎 Поиск
cmd-pipeline = Воронка и деньги
cmd-find = Найти сделку
title-period = Свой период
q-period-range = Период: две даты через дефис, например 01.11.2026-30.11.2026.
err-period-format = Напишите период так: 01.11.2026-30.11.2026.
err-period-reversed = Конец периода раньше начала.
err-period-long = Период не может быть длиннее пяти лет.
title-search = Поиск сделки
q-search-query = Что ищем? Клиент, контакт, ИНН или менеджер.
search-length = Запрос — от 2 до 100 символов.
search-none = По запросу «{ $query }» ничего не нашлось.
search-found = Найдено по «{ $query }»: { $count } · стр. { $page } из { $pages }
report-user-inactive = Доступ отключён — сделки этого человека видны в общем отчёте.
report-not-yours = Этот отчёт вам недоступен.
report-heads-only = Этот отчёт доступен руководителям.
report-everyone = Все
period-week = Неделя
period-month = Месяц
period-quarter = Квартал
period-custom = Свой период
report-title = <b>Воронка</b> · { $period } · { $scope }
report-open = Открытые сделки: { $count } на { $amount }
report-conversion = Конверсия по шагам (сделки за период): { $steps }
report-problems = ⚠️ Просрочено напоминаний: { $overdue } · 💤 Без действий дольше срока: { $silent }
report-open-estimated = , в т.ч. ≈ { $amount } — оценка по прайсу ({ $count ->
        [one] { $count } сделка
        [few] { $count } сделки
       *[many] { $count } сделок
    })
report-open-unpriced = ; без суммы: { $count }
report-no-amount = сумма не названа
report-stage-unpriced = { " " }(без суммы: { $count })
report-created = 🆕 Новые сделки: { $count } ({ $trend }; было { $before })
report-won = 🏆 Выиграно: { $count } на { $amount } ({ $trend }; было { $before } на { $before_amount })
report-lost = ❌ Отказы: { $count } на { $amount } ({ $trend }; было { $before })
report-compared = <i>Сравнение — с тем же сроком раньше: { $window }.</i>
report-plan = 🎯 План: { $parts }
report-plan-money = { $fact } из { $plan } ({ $pct }%)
report-plan-deals = { $fact } из { $plan } сделок ({ $pct }%)
report-plan-none = 🎯 План на этот период не задан.
report-of-plan = { " " }— { $pct }% плана
report-forecast = 🔮 Прогноз к { $end }: { $amount }{ $of_plan } (выиграно { $won } + взвешенная воронка { $weighted })
report-average = 📐 Средняя сделка { $amount } · выигрываем { $rate }% сделок
report-rate-money = { " " }и { $rate }% денег
report-cycle = { " " }· от контакта до победы { $days } дн.
report-was = { " " }(было { $value })
report-slowest = ⏳ Дольше всего стоят: { $list }
days-decimal = { $days } дн.
btn-win-rates = 🎲 Вероятности победы
btn-winrate-auto = Как по истории
btn-back-to-limits = ⬅️ К настройкам
winrates-title = <b>Вероятность победы по шагам</b> — по ней взвешивается воронка в прогнозе. Берётся из сделок команды, закрытых за последние 12 месяцев (если на шаге их не меньше 20), иначе — значение по умолчанию. Нажмите на шаг, чтобы задать своё.
winrate-history = по истории
winrate-default = по умолчанию
winrate-set = задано
title-winrate = Вероятность победы
q-winrate-pct = Какая доля сделок с этого шага заканчивается победой, в процентах (0–100)? «Как по истории» — считать по сделкам команды.
btn-plan = 🎯 План
btn-plan-no-money = Без плана по деньгам
btn-plan-no-deals = Без плана по сделкам
title-plan = План на месяц
q-plan-money = Сколько денег выиграть за месяц? Например: «3 млн». Сумма считается по выигранным сделкам.
q-plan-deals = Сколько сделок выиграть за месяц? Например: 10.
plan-intro = 🎯 План на { $month } · { $scope }. { $now }
plan-none-yet = Пока не задан.
plan-current = Сейчас: { $money } и { $deals } сделок.
plan-saved = ✅ План на { $month } сохранён.
plan-cleared = План на { $month } снят.
month-1 = январь
month-2 = февраль
month-3 = март
month-4 = апрель
month-5 = май
month-6 = июнь
month-7 = июль
month-8 = август
month-9 = сентябрь
month-10 = октябрь
month-11 = ноябрь
month-12 = декабрь
btn-chart = 🖼 Воронка и динамика картинками
btn-filter-manager = 👤 Менеджер
btn-filter-direction = 📂 Направление
btn-people = 👥 Люди
btn-lost = ❌ Отказы
btn-compliance = ✅ Регламент
btn-export = 📤 Выгрузка XLSX и CSV
btn-back-to-report = ⬅️ К воронке
chart-title = Воронка: сделки периода по шагам
chart-caption = Воронка продаж
chart-trend-total = Выиграно { $won }
money-short-mln = { $n } млн
money-short-k = { $n } тыс.
chart-won = Выиграно за период: { $count } · { $amount }
chart-lost = Отказы за период: { $count } · { $amount }
chart-trend-title-day = Выиграно по дням
chart-trend-title-week = Выиграно по неделям
chart-trend-title-month = Выиграно по месяцам
chart-pace-day = - - - план на каждый день
chart-pace-week = - - - план на каждую неделю
chart-pace-month = - - - план на каждый месяц
chart-trend-plan = Выиграно { $won } из { $plan } по плану ({ $pct }%)
chart-trend-no-plan = Выиграно { $won } · план не задан
chart-trend-caption = Выигранные деньги по неделям и план
pick-manager = Чьи сделки показать?
pick-direction = Какое направление показать?
people-title = <b>Люди</b> · { $period } · { $scope }
people-legend = 📞 звонки · 🤝 встречи · 📄 документы · ▶️ шаги · 🏆 выиграно · ❌ отказы · ⚠️ просрочено · 💤 без действий
people-behind = <b>Кто отстаёт</b> (ниже плана, просрочки, сделки без действий):
people-plan = план { $pct }%
people-overdue = просрочено { $count }
people-silent = без действий { $count }
people-off = (доступ отключён)
lost-title = <b>Почему теряем сделки</b> · { $period } · { $scope }
lost-reasons = Причины
lost-stages = На каком шаге
lost-people = Кто отказывал
lost-positions = Должности отказавших
no-data = Нет данных за этот период.
compliance-title = <b>Соблюдение регламента</b> · { $period } · { $scope }
check-meeting = Шаги после встречи без записанной встречи
check-price = Цена названа без требования клиента
check-proposal = КП без согласования руководителя
check-lawyer = Договор без юриста
check-silent = Сделки без действий дольше срока
check-overdue = Сделки с просроченными напоминаниями
btn-overdue-list = 📋 Весь список просроченного
compliance-drill = { $check }: { $count }
export-caption = Сделок: { $deals }, действий: { $activities }.
export-xlsx-too-big = Книга Excel за этот период больше 45 МБ — Telegram её не пропустит. Данные — в CSV выше (частями, если файл большой); для XLSX выберите период короче.
x-id = №
x-deal = Сделка
x-client = Клиент
x-inn = ИНН
x-contact = Контакт
x-position = Должность
x-manager = Менеджер
x-direction = Направление
x-stage = Этап
x-status = Статус
x-amount = Сумма, ₽
x-created = Создана
x-closed = Закрыта
x-author = Автор
x-kind = Действие
x-body = Текст
x-time = Время
x-status-open = в работе
x-status-won = выиграна
x-status-lost = отказ
x-sheet-deals = Сделки
x-sheet-activities = Действия

n-digest = 📬 <b>Итоги недели</b>
btn-open-pipeline = 📊 Открыть воронку

limits-notices = Встречи: накануне в { $eve } и за { $before } мин. Итоги недели: { $day }, { $at }.
btn-meeting-notices = 📅 Напоминания о встречах
btn-digest-time = 📬 Итоги недели
title-notices = Напоминания о встречах
q-notices-eve = Во сколько напоминать о встрече накануне? Например 18:00.
q-notices-before = За сколько минут до встречи напомнить ещё раз? (10–720)
title-digest = Итоги недели
q-digest-day = В какой день присылать итоги недели?
q-digest-at = Во сколько? Например 9:00.
limits-parts = Части дня: «утром» — { $morning }, «в обед», «после обеда», «днём» — { $lunch }, «вечером» — { $evening }.
btn-day-parts = 🕙 Утро, обед, вечер
title-parts = Части дня
q-parts-morning = Во сколько «утром»? Так бот поймёт «завтра утром». Например 10:00.
q-parts-lunch = Во сколько «после обеда» (и «в обед», «днём»)? Например 14:00.
q-parts-evening = Во сколько «вечером»? Например 18:00.
err-parts-lunch = Обед должен быть позже утра.
err-parts-evening = Вечер должен быть позже обеда.
opt-day-1 = Понедельник
opt-day-2 = Вторник
opt-day-3 = Среда
opt-day-4 = Четверг
opt-day-5 = Пятница
opt-day-6 = Суббота
opt-day-7 = Воскресенье

file-contract = Договор_{ $id }.docx
file-invoice = Счёт_{ $id }.docx
btn-lang-switch = English

export-started = 📤 Готовлю выгрузку — файлы придут следующими сообщениями.

## The regulation as one table: stale step buttons, the meeting's time, decisions by someone else,
## terms fixed after the lawyer's return, documents kept on the timeline.
step-button-stale = Эта кнопка устарела: сделка уже на шаге «{ $stage }». Вот её карточка.
err-meeting-not-yet = Встреча назначена на { $at } — отметить её состоявшейся можно, когда она начнётся. Если встречу перенесли, нажмите «Перенесена».
no-other-decider = Согласовать может только другой человек: руководитель направления или руководитель отдела продаж. Сейчас такого нет — пригласите через /invite.
decide-own-request = Свой запрос согласовать нельзя: решает другой руководитель.
q-proposal_draft-amount = Сумма КП? Например: 1 500 000 или 1,5 млн. Если суммы пока нет — «Без суммы».
btn-no-amount = Без суммы
label-proposal-amount = Сумма КП
# kept for timeline entries written before the forms were named by their step
label-answer-changes = Корректировки
label-discussion-outcome = Итог обсуждения
label-first_contact-company = Компания
label-negotiation-changes = Корректировки
label-contract_discussion-outcome = Итог обсуждения
tl-work-started = Работы начаты: этапы подтверждены
label-invoice-number = Счёт №
tl-proposal-sent = КП отправлено клиенту
tl-terms-recorded = Параметры сделки записаны
tl-contract-called = Клиент предупреждён об отправке договора
terms-title = Параметры сделки №{ $id }:
terms-incomplete = Не хватает поля «{ $field }» — без него нельзя идти дальше. Нажмите на поле, чтобы заполнить.
btn-fix-terms = ✏️ Исправить параметры
q-terms-legal_name = Полное наименование клиента, как в договоре (например, ООО «Ромашка»). Если как в карточке — «Как в карточке».
btn-as-on-card = Как в карточке
label-terms-legal_name = Полное наименование
card-after-return = Повторно, после возврата юристом: «{ $comment }»
card-contract-changed = Исправлено: { $fields }.
card-contract-unchanged = Параметры не менялись.
err-template-single = В шаблоне подстановки в одинарных фигурных скобках: { $names }. Так они останутся в договоре как есть — возьмите каждую в двойные скобки и загрузите файл снова.
err-name-letters = Нужны слова, а не знаки: напишите имя или должность буквами.
card-being-returned = ↩️ Возвращаете с комментарием. Передумали — откройте запрос снова в /approvals.
cancelled-kept = Вышли из формы. Введённые ответы сохранены — откроете этот шаг снова, и продолжим с того же места.
draft-restored = Продолжаем: ответы, введённые раньше, сохранены.
err-doc-empty = Файл пустой (0 байт). Пришлите файл с содержимым.
n-nudges = 💤 <b>Сделки без действий дольше срока</b>: { $count }. Запишите, что по ним происходит, или назначьте следующий шаг.
n-days-silent = { $days ->
    [one] { $days } день без действий
    [few] { $days } дня без действий
   *[many] { $days } дней без действий
}
n-and-more = …и ещё { $count }.
btn-all-deals = 📋 Все мои сделки
n-escalations = ⚠️ <b>Просрочено и не отработано</b>: { $count }.
err-money-ambiguous = «{ $raw }» можно прочитать двумя способами: { $thousands } или { $decimal }. Напишите без запятой («1500») или с двумя знаками после неё («1,50»).
money-ambiguous = неоднозначная запись (запятая перед тремя цифрами)
moment = { $weekday }, { $date } в { $time }
day = { $weekday }, { $date }
wds-1 = пн
wds-2 = вт
wds-3 = ср
wds-4 = чт
wds-5 = пт
wds-6 = сб
wds-7 = вс
err-when-weekday = День недели не совпадает с датой — проверьте, какой день имеется в виду.
cmd-team = Команда и доступы
cmd-invite = Пригласить сотрудника
cmd-approvals = Ждут решения
cmd-templates = Шаблоны договоров и счетов
period-last-month = Прошлый месяц
period-year = Год
period-last-week = Прошлая неделя
conv-first_contact = Контакт
conv-meeting = Встреча
conv-proposal = КП
conv-terms = Условия
conv-signing = Подписание
conv-payment = Оплата
conv-work = Работы
err-when-ambiguous-hour = «{ $said }» — утра или вечера? Напишите «в { $morning }» или «в { $evening }».
err-when-ambiguous-day = Сегодня или через неделю? Напишите дату — например, «сегодня в 15:00» или «03.12 в 15:00».
hint-pick-offer = Или выберите кнопкой:

## Голосовые ответы
stt-off = Распознавание голоса не подключено — напишите ответ текстом.
stt-working = 🎙 Распознаю голосовое… Пришлю текст на проверку.
stt-heard = 🎙 Распознано:
    «{ $text }»

    Сохранить как ответ?
stt-saved = ✅ Сохранено
stt-editing = ✏️ Исправляется
stt-edit = Скопируйте текст (нажмите на него), исправьте и пришлите сообщением:

    <code>{ $text }</code>
stt-discarded = 🗑 Не сохранено
stt-again = Запишите голосовое ещё раз или напишите ответ текстом.
stt-retrying = 🔁 Распознаю ещё раз
stt-kept-audio = 💾 Сохранено без текста
stt-err-unavailable = ⚠️ Сервер распознавания сейчас не отвечает. Голосовое не потеряно: попробуйте ещё раз или напишите ответ текстом.
stt-err-timeout = ⚠️ Распознавание заняло слишком много времени. Голосовое не потеряно: попробуйте ещё раз или напишите ответ текстом.
stt-err-too-long = ⚠️ Голосовое длиннее { $minutes } мин. — такое не распознаю. Запишите короче или напишите ответ текстом.
stt-err-empty = ⚠️ В голосовом не слышно слов. Запишите ещё раз или напишите ответ текстом.
stt-err-refused = ⚠️ Сервер распознавания отклонил запрос — сообщите администратору бота. Пока напишите ответ текстом.
stt-err-download = ⚠️ Не удалось получить голосовое от Telegram. Попробуйте ещё раз или напишите ответ текстом.
stt-err-not-kept = ⚠️ Текст голосового не удалось сохранить. Пришлите голосовое ещё раз или напишите ответ текстом.
stt-offer = 🗓 В голосовом названо время: { $at }. Поставить напоминание?
stt-remind-past = Это время уже прошло.
stt-remind-exists = Такое напоминание уже стоит.
btn-stt-save = ✅ Сохранить
btn-stt-edit = ✏️ Исправить
btn-stt-again = 🎙 Заново
btn-stt-retry = 🔁 Ещё раз
btn-stt-keep = 💾 Без текста
btn-stt-remind = ⏰ Напомнить { $at }

bot-description = Помощник отдела продаж: ведёт по регламенту продаж шаг за шагом, записывает звонки, встречи и документы, напоминает о звонках, встречах и оплатах, показывает руководителю воронку, план и прогноз. Вход — по приглашению руководителя.
bot-short-description = Регламент продаж, напоминания и воронка — в Telegram. Вход по приглашению.

btn-privacy = 🔒 Персональные данные
privacy-title = <b>Персональные данные</b> · сделка №{ $id }, { $client }. По запросу человека (152-ФЗ) можно выгрузить всё, что о нём хранится, или стереть: имя, должность, телефон и его слова в истории заменяются пометкой, суммы и шаги сделки остаются.
privacy-erased-contact = данные контакта стёрты
btn-contact-export = 📤 Выгрузить: { $name }
btn-contact-erase = 🗑 Стереть: { $name }
privacy-export-caption = Всё, что хранится о контакте «{ $name }».
privacy-erase-confirm = Стереть персональные данные контакта «{ $name }» ({ $client })? Имя, должность и телефон, а также записи истории с его словами ({ $entries }) будут заменены пометкой. Это нельзя отменить.
btn-erase-yes = 🗑 Стереть безвозвратно
privacy-already-erased = Данные этого контакта уже стёрты.
privacy-erased = ✅ Персональные данные стёрты. Записей истории изменено: { $entries }. Факт удаления записан в историю сделки.
tl-erased = [стёрто по запросу]
tl-erasure = Персональные данные контакта стёрты по запросу ({ $who })

# The test-only step 18 (cargo feature `test-step`, README «The regulation as one table»): the
# keys a new row needs — its stage name, its questions, the labels of its typed answers.
stage-acceptance = Акт выполненных работ
q-acceptance-act_number = Номер акта выполненных работ?
q-acceptance-accepted_on = Когда клиент подписал акт?
label-acceptance-act_number = Номер акта
q-acceptance-signed_by = Кто подписал акт со стороны клиента?
label-acceptance-signed_by = Подписал
# the pipeline board (Mini App)
btn-board = 📋 Доска
miniapp-menu = Доска

# Decided approval cards (cards: who decided, when, the comment; the amount before a bargaining)
card-state-uploaded = ✅ Договор загружен: { $who }, { $at }
card-decided-comment = Комментарий: «{ $comment }»
card-new-amount-only = Новая сумма: { $amount }

# step 8: missing requisites asked, the ОГРН's kind digit (task «terms»)
err-req-kind = Такого ОГРН не бывает: первая цифра — вид записи. ОГРН (13 цифр) не может начинаться с 0, ОГРНИП (15 цифр) начинается с 3 или 4.
terms-now-needed = { $key ->
        [kpp] ⚠️ Для организации (ИНН из 10 цифр) нужен КПП — укажите его.
       *[other] ⚠️ Не хватает поля «{ $field }» — заполните его.
    }
terms-not-needed = { $key ->
        [kpp] КПП нужен только организации (ИНН из 10 цифр); у ИП его нет.
       *[other] Поле «{ $field }» для этой сделки не нужно.
    }

# report figures: money of which a part is only the price-list estimate (issue «Reports that disagree with their own definitions»)
money-with-estimate = { $agreed } + ≈ { $estimated }
money-estimated-only = ≈ { $estimated }

## Dates inside sentences (issue 31)
err-when-two-moments = Здесь два времени — какое записать? Напишите одно, например «в понедельник в 10».
err-when-stray-words = Внутри даты есть лишние слова. Напишите дату без них, например «в пятницу в 10».

# the board: every answer a step keeps, under its label (task: board)
label-first_contact-client = Клиент из базы
label-first_contact-name = Собеседник
label-first_contact-position = Должность
label-first_contact-phone = Телефон
label-first_contact-channel = Канал
label-first_contact-direction = Направление
label-needs-callback = Перезвонить
label-offer-price_demanded = Клиент потребовал цену
label-offer-price_named = Цена названа
label-offer-price_named_kopecks = Названная цена
label-offer-price_item = Позиция прайс-листа
label-offer-callback = Перезвонить
label-application-questionnaire = Анкета
label-application-meeting_at = Встреча
label-meeting-result = Встреча
label-meeting-new_at = Новое время встречи
label-proposal-file = КП
label-proposal-callback = Перезвонить
label-negotiation-answer = Ответ клиента
label-negotiation-amount = Новая сумма
label-terms_confirmed-confirmed = Условия
label-contract_draft-template = По шаблону
label-contract_draft-draft_started = Составление начато
label-contract_draft-draft_finished = Составление закончено
label-contract_draft-lawyer_requested = Отправлен юристу
label-contract_draft-lawyer_decided = Юрист ответил
label-contract_draft-lawyer = Юрист
label-contract_draft-file = Договор
label-contract_sent-sent = Договор
label-contract_sent-callback = Перезвонить
label-contract_call-called = Звонок
label-contract_call-discuss_at = Обсуждение договора
label-contract_discussion-signing_at = Подписание
label-signing-signed_on = Дата подписания
label-invoice-amount = Сумма счёта
label-invoice-date = Дата счёта
label-invoice-pay_by = Проверить оплату
label-payment-amount = Платёж
label-payment-over_ok = Переплата
label-payment-paid_on = Дата платежа
label-payment-paid = Оплачено всего
label-payment-over = Больше долга
label-work-stages = Этапы работ
label-acceptance-accepted_on = Акт подписан

## Dates said back and offered from the reading (issue 31, second part)
when-range-said = 🗓 Понял: { $day }, с { $from } до { $to }. Начало — { $from }.
