## Общее

err-internal = Что-то пошло не так на нашей стороне — ничего не потеряно. Попробуйте ещё раз через минуту.
state-reset = Извините, бот обновился и не смог продолжить прежний диалог. Сохранённые записи на месте — начните действие заново.
access-denied = Здравствуйте! Этот бот — рабочий инструмент отдела продаж, доступ только по приглашению. Попросите руководителя отдела продаж прислать вам ссылку.
access-denied-short = Доступ только для сотрудников отдела продаж.
invite-invalid = Ссылка-приглашение недействительна: она уже использована или устарела. Попросите руководителя прислать новую.
welcome-joined = Добро пожаловать, { $name }! Вы в команде: { $role }. Меню — внизу, подсказка — /help.
invite-accepted = { $name } принял(а) приглашение: { $role }.
invite-already-member = { $name }, вы уже в команде — приглашение не нужно.
welcome-back = Здравствуйте, { $name }! Меню — внизу, подсказка — /help.
cancelled = Диалог прерван. Всё, что было сохранено раньше, на месте.
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
menu-help = ❓ Помощь
menu-team = 👥 Команда
menu-directions = 📂 Направления

help-common =
    <b>Помощник отдела продаж</b>
    Бот ведёт сделку по регламенту продаж: спрашивает то, что требует каждый шаг, и не даёт пропустить обязательное.
    /deals — мои сделки
    /settings — часовой пояс и язык
    /cancel — выйти из диалога (сохранённое не теряется)
    /help — эта подсказка
help-manager =
    <b>Новый клиент</b> — /new: компания, имя и должность собеседника, канал, направление.
    Дальше по шагам: потребности (1), предложение (2), анкета и встреча (3), встреча (4).
    В карточке сделки — «Записать действие»: звонок, встреча, документ, заметка; можно голосовым.
    Даты пишите как удобно: «завтра в 15:00», «через 2 дня», «пт 10:30», «12.12 14:00».
help-head =
    <b>Руководителю</b>
    /invite — пригласить сотрудника
    /team — команда, отключение доступа
    /directions — направления и анкеты
    /pricelist — прайс-лист (загрузка CSV)
    /questionnaire — загрузить анкету направления
    /limits — сроки без действий и эскалация просрочек
help-head-direction =
    <b>Руководителю направления</b>
    /deals — сделки вашего направления
    /questionnaire — загрузить анкету вашего направления

## Этапы

stage-name = { $step }. { $name }
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
title-needs = Шаг 1 · Потребности
title-offer = Шаг 2 · Предложение
title-application = Шаг 3 · Анкета и встреча
title-meeting = Шаг 4 · Встреча
title-log = Запись действия
title-invite = Приглашение
title-direction = Новое направление
title-pricelist = Прайс-лист
title-questionnaire = Анкета направления
title-tz = Часовой пояс

## Формы: вопросы

q-contact-company = Как называется компания клиента?
q-contact-client = Похожие клиенты уже есть в базе. Это один из них? Если выберете — новый контакт добавится к нему, без дубля.
q-contact-name = Как зовут собеседника? (имя и фамилия — по регламенту обязательно)
q-contact-position = Какая у него должность?
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
q-invite-direction = Какое направление он возглавляет?
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
deactivate-confirm = Отключить доступ для { $name }? Его сделки и записи сохранятся.
cannot-deactivate = Этого сотрудника отключить нельзя (вы сами или руководитель из настроек бота).
deactivated = Доступ для { $name } отключён.
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
n-blocked = 🚫 { $name } заблокировал(а) бота — напоминания ему не доходят. Попросите снова открыть чат с ботом.
