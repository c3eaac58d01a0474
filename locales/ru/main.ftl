# Портал CPOR, русский язык. Статусы, кнопки и заголовки страниц определены в SPEC.md («Words on the screen»).

app-name = Портал CPOR
skip-to-content = Перейти к основному содержимому
nav-label = Основная навигация
footer-text = CPOR (Claiming Partner of Record): свяжите свою организацию с клиентами, которых вы обслуживаете.
required = обязательно
choose-one = Выберите значение
none = Нет
you = Вы
edit = Изменить
delete = Удалить
cancel = Отмена
save-changes = Сохранить изменения
error-prefix = Ошибка:
form-has-errors = Исправьте следующие ошибки
created-at = Дата создания

## Даты и числа
# %a краткое название дня недели, %d день, %m месяц двумя цифрами, %b краткое название месяца, %Y год, %H:%M время (UTC)
date-pattern = %d %b %Y
date-time-pattern = %a, %d %b %Y, %H:%M UTC
weekday-short-1 = пн
weekday-short-2 = вт
weekday-short-3 = ср
weekday-short-4 = чт
weekday-short-5 = пт
weekday-short-6 = сб
weekday-short-7 = вс
month-short-1 = янв.
month-short-2 = февр.
month-short-3 = мар.
month-short-4 = апр.
month-short-5 = мая
month-short-6 = июн.
month-short-7 = июл.
month-short-8 = авг.
month-short-9 = сент.
month-short-10 = окт.
month-short-11 = нояб.
month-short-12 = дек.
claims-count = { $count ->
    [one] { $formatted } заявка
    [few] { $formatted } заявки
    [many] { $formatted } заявок
   *[other] { $formatted } заявки
}

## Роли
role-global-admin = Глобальный администратор
role-incentives-admin = Администратор программы поощрения
role-billing-admin = Администратор выставления счетов
role-reviewer = Рецензент

## Вход
sign-in = Войти
sign-out = Выйти
sign-in-title = Вход
signed-out-notice = Вы вышли из системы.
sign-in-refused = Неверный адрес электронной почты или пароль.
sign-in-missing = Введите адрес электронной почты и пароль.
sign-in-throttled = Слишком много неудачных попыток входа. Подождите 15 минут и повторите попытку.

## Словарь
solution-area-m365 = Microsoft 365
solution-area-bizapps = Business Applications
activity-pre-sales = Предпродажная подготовка
activity-usage = Использование
activity-revenue-association = Связь с выручкой
program-osa-sell = OSA Sell
program-osu-m365 = OSU-Microsoft 365
program-osu-bizapps = OSU-Business Applications
program-revenue-association = Связь с выручкой
status-all = Все
status-editing = Редактирование
status-submitted = Отправлено
status-under-review = На рассмотрении
status-partner-action-required = Требуется действие партнера
status-approved = Утверждено
status-rejected = Отклонено

## Панель мониторинга
dashboard-title = Связи с клиентами
create-association = Создать связь
export-csv = Экспорт в CSV
dashboard-empty-title = Связей с клиентами пока нет
dashboard-empty-text = Подавайте заявки на связь с клиентами, если вы влияете на использование или покупку ими онлайн-служб Microsoft. В каждой заявке указываются арендатор клиента, продукты и выполненная вами работа.
dashboard-empty-step-create = Создайте связь, указав сведения о клиенте и продукты, на которые вы повлияли.
dashboard-empty-step-poe = Загрузите подтверждение выполнения, подписанное клиентом.
dashboard-empty-step-submit = Отправьте заявку на рассмотрение.
dashboard-empty-read-only = Ваша роль позволяет просматривать и экспортировать заявки; создает их администратор программы поощрения или глобальный администратор.
dashboard-no-match = Нет заявок, соответствующих условиям поиска и фильтрам.
dashboard-table-caption = Связи вашей организации с клиентами
status-tabs-label = Заявки по статусу
search-label = Поиск заявок
search-hint = Идентификатор заявки, начало имени или домена клиента либо идентификатор арендатора.
search-button = Найти
clear-filters = Сбросить поиск и фильтры
filter-any = Все
pagination-label = Страницы
page-previous = Предыдущая страница
page-next = Следующая страница
column-claim-id = Идентификатор заявки
column-name = Название
column-customer = Клиент
column-tenant-id = Идентификатор арендатора
column-program = Программа
column-products = Продукты
column-status = Статус
column-last-change = Последнее изменение
column-product = Продукт
column-subscription = Идентификатор подписки
column-partner = Партнер
column-account = Учетная запись
column-actions = Действия

## Форма заявки
edit-claim-title = Изменение заявки
edit-claim-heading = Изменение заявки { $id }
claim-form-intro = Все поля обязательны, если не указано иное. Изменять любые данные можно до отправки заявки.
section-association = Связь
section-customer = Клиент
section-customer-contact = Контактное лицо клиента
section-technical-contact = Техническое контактное лицо
section-partner = Контактное лицо и решение партнера
section-contacts = Контактные лица
field-name = Название
field-mpn_id = MPN ID
field-solution_area = Область решений
field-activity = Действие
field-customer_name = Название клиента
field-customer_domain = Доменное имя клиента
field-tenant_id = Идентификатор арендатора
field-products = Продукты и рабочие нагрузки
field-subscriptions = Идентификаторы подписок
field-customer_contact_name = Имя контактного лица клиента
field-customer_contact_title = Должность контактного лица клиента
field-customer_contact_email = Электронная почта контактного лица клиента
field-technical_contact_name = Имя технического контактного лица
field-technical_contact_title = Должность технического контактного лица
field-technical_contact_email = Электронная почта технического контактного лица
field-partner_contact_name = Имя контактного лица партнера
field-partner_contact_email = Электронная почта контактного лица партнера
field-partner_solution = Решение или услуга партнера
field-engagement_date = Дата начала взаимодействия
field-commentary = Комментарий
field-email = Адрес электронной почты
field-password = Пароль
field-role = Роль
hint-name = Название, понятное вашей команде, например название проекта.
hint-activity = Microsoft 365: «Использование». Business Applications: «Предпродажная подготовка», «Использование» или «Связь с выручкой».
hint-customer_domain = Например, contoso.com или contoso.onmicrosoft.com.
hint-guid = 32 шестнадцатеричные цифры в пяти группах, например 8a1f2b3c-0d4e-4f5a-9b6c-7d8e9f0a1b2c.
hint-products = Выберите продукты из выбранной области решений.
hint-subscriptions = Business Applications: если у клиента несколько подписок, укажите идентификатор подписки для каждого продукта.
hint-technical-contact = Обязательно для Business Applications.
hint-partner_solution = Что ваша организация сделала для клиента.
hint-engagement_date = Дата, когда началось ваше взаимодействие с клиентом (не может быть в будущем).
hint-password = Не менее 12 символов. Передайте пароль пользователю безопасным способом; он сможет сразу войти с ним в систему.
subscription-for = Идентификатор подписки для { $product }

## Страница заявки
claim-id-label = Идентификатор заявки
claim-editing-next = Эта заявка еще готовится: ее видит только ваша организация. Рецензенты увидят ее после отправки.
delete-claim-title = Удаление заявки
delete-claim-heading = Удалить заявку { $id }?
delete-claim-text = Заявка «{ $name }» будет удалена. Это действие нельзя отменить.
delete-claim-confirm = Удалить эту заявку

## Пользователи
users-title = Пользователи
users-table-caption = Пользователи вашей организации
add-user = Добавить пользователя
change-role = Изменить роль
role-of = Роль пользователя { $name }
deactivate = Деактивировать
reactivate = Активировать повторно
account-active = Активна
account-deactivated = Деактивирована
user-added = Пользователь добавлен.
user-role-changed = Роль изменена. Изменение вступит в силу при следующем действии пользователя.
user-deactivated = Пользователь деактивирован, все его сеансы завершены.
user-reactivated = Пользователь снова может входить в систему.

## Очередь на рассмотрение
review-queue-title = Очередь на рассмотрение
review-queue-empty = Нет заявок, ожидающих рассмотрения.

## Ошибки в полях
error-required = Введите значение.
error-choose-one = Выберите один из вариантов.
error-too-long = Слишком длинное значение.
error-control-characters = Удалите невидимые управляющие символы.
error-guid = Введите GUID, например 8a1f2b3c-0d4e-4f5a-9b6c-7d8e9f0a1b2c.
error-email = Введите адрес электронной почты, например name@contoso.com.
error-email-taken = Этот адрес электронной почты уже используется.
error-domain = Введите доменное имя, например contoso.com.
error-mpn-unknown = Выберите один из MPN ID вашей организации.
error-activity-mismatch = Это действие не предусмотрено для выбранной области решений.
error-products-required = Выберите хотя бы один продукт.
error-product-unknown = Один из выбранных продуктов отсутствует в каталоге.
error-product-area = Выбирайте только продукты из выбранной области решений.
error-subscription-guid = Один из идентификаторов подписки не является GUID.
error-date = Введите дату в формате год-месяц-день, например 2026-10-01.
error-date-future = Дата начала взаимодействия не может быть в будущем.
error-password-short = Используйте не менее 12 символов.
error-cannot-change-self = Нельзя изменить собственную роль или деактивировать себя; обратитесь к другому глобальному администратору.
error-claim-not-editable = Эта заявка уже отправлена, и ее больше нельзя изменить или удалить таким способом.

## Страницы ошибок
error-go-home = Перейти на начальную страницу
error-title-not-found = Страница не найдена
error-title-forbidden = Доступ запрещен
error-title-conflict = Данные изменились
error-title-too-large = Слишком большой объем
error-title-bad-request = Некорректный запрос
error-title-internal = Что-то пошло не так
error-page-not-found = По этому адресу ничего нет, или у вас нет к нему доступа. Проверьте ссылку или вернитесь на начальную страницу.
error-page-forbidden = Ваша роль не позволяет выполнить это действие. Если оно вам необходимо, обратитесь к глобальному администратору вашей организации.
error-page-csrf = Срок действия этой формы истек, или она отправлена не с этого сайта, поэтому ничего не изменено. Вернитесь назад, обновите страницу и повторите попытку.
error-page-sign-in = Войдите в систему.
error-page-too-large = Объем отправленных данных превышает допустимый для портала.
error-page-method = Этот адрес не принимает запросы такого типа.
error-page-bad-request = Не удалось обработать запрос. Вернитесь назад и повторите попытку.
error-page-unavailable = Портал сейчас не может подключиться к своей базе данных. Ничего не изменено; повторите попытку через минуту.
error-page-internal = Произошла непредвиденная ошибка, ничего не изменено. Повторите попытку; если ошибка повторяется, сообщите администратору.

## Подтверждение выполнения
upload = Загрузить
submit = Отправить
poe-heading = Подтверждение выполнения
poe-none = Документов PoE пока нет. Загрузите документ, подписанный клиентом.
poe-column-file = Файл
poe-column-description = Описание
poe-column-type = Тип
poe-column-size = Размер
poe-column-uploaded = Дата загрузки
poe-newest = Самый новый
poe-remove = Удалить
poe-upload-heading = Добавление документов PoE
poe-upload-hint = PDF, Word, Excel, PowerPoint, PNG, JPEG или сохраненное сообщение электронной почты (.eml, .msg). Выберите по одному файлу в каждой строке и кратко опишите, что в нем показано.
poe-drop-here = Или перетащите файлы сюда
poe-file-n = Файл { $n }
poe-description-n = Описание файла { $n }
poe-uploaded-notice = { $count ->
    [one] Загружен { $formatted } файл.
    [few] Загружено { $formatted } файла.
    [many] Загружено { $formatted } файлов.
   *[other] Загружено { $formatted } файла.
}
poe-removed-notice = Файл удален.
poe-kind-pdf = PDF
poe-kind-docx = Word (.docx)
poe-kind-xlsx = Excel (.xlsx)
poe-kind-pptx = PowerPoint (.pptx)
poe-kind-png = Изображение PNG
poe-kind-jpeg = Изображение JPEG
poe-kind-eml = Сообщение электронной почты (.eml)
poe-kind-msg = Сообщение Outlook (.msg)
poe-refused-title = Загрузка не принята
poe-refused-empty = Файл пуст.
poe-refused-type = Файлы такого типа не принимаются.
poe-refused-extension = Имя файла не соответствует его содержимому: переименуйте файл, указав правильное расширение.
poe-accepted = Допустимые форматы: { $kinds }.
poe-limits = Максимальный размер файла — { $file_mb } МБ; максимальное число файлов в заявке — { $files }, их общий объем — не более { $claim_mb } МБ.
poe-nothing-stored = Файлы из этой загрузки не сохранены.
poe-back-to-claim = Вернуться к заявке
poe-choose-file = Выберите хотя бы один файл для загрузки.
poe-file-too-large = Размер одного из файлов превышает допустимый.
poe-claim-too-large = С этими файлами общий объем заявки превысит допустимый предел.
poe-too-many = С этими файлами число файлов в заявке превысит допустимое.
poe-upload-timeout = Загрузка заняла слишком много времени и была прервана. Ничего не сохранено; повторите попытку.
poe-not-now = В текущем статусе заявки добавить PoE больше нельзя.
poe-kept-after-submission = Файлы отправленной заявки хранятся как доказательства и не могут быть удалены; вместо этого загрузите более новый файл.
poe-template-link = Шаблон PoE для печати и подписи клиентом
poe-template-title = Подтверждение выполнения
poe-template-print-hint = Распечатайте эту страницу или сохраните ее в формате PDF, получите подпись клиента, а затем загрузите подписанную копию.
poe-template-intro = Этот документ подтверждает взаимодействие партнера с клиентом в отношении указанных ниже продуктов.
poe-template-statement-heading = Подтверждение клиента
poe-template-statement = Подписывая этот документ, клиент подтверждает, что указанный выше партнер выполнил описанную работу в отношении перечисленных продуктов в дату начала взаимодействия или позднее.
poe-template-customer = От имени клиента
poe-template-partner = От имени партнера
poe-template-name = Имя
poe-template-job-title = Должность
poe-template-signature = Подпись
poe-template-date = Дата

## Самопроверка и отправка
submit-heading = Отправка на рассмотрение
self-check-legend = Перед отправкой подтвердите, что PoE
self-check-hint = Если какой-либо из этих пунктов не выполнен, рецензенты запрашивают дополнительную информацию.
self-check-customer-signature = содержит подпись или подтверждение клиента
self-check-dates-recent = содержит даты, и они актуальны
self-check-partner-solution = описывает ваше решение или услугу
self-check-products-named = упоминает все заявленные продукты
self-check-belongs-to-customer = относится к этому клиенту
self-check-answers-heading = Самопроверка PoE, выполненная партнером
self-check-confirmed = Подтверждено
self-check-not-confirmed = Не подтверждено
submit-needs-poe = Перед отправкой загрузите хотя бы один документ PoE.
submit-confirm-each = подтвердите этот пункт перед отправкой
claim-submitted-notice = Заявка отправлена на рассмотрение.

## Процесс рассмотрения
history = Журнал
history-intro = Все изменения, комментарии и действия по этой заявке, начиная с последних.
history-changes = Измененные поля
history-field = Поле
history-old = До
history-new = После
history-reasons = Причины:
history-reason = Причина:
history-files = Файлы:
history-remove-products = Продукты для удаления:
history-action-created = Создано
history-action-edited = Изменено
history-action-deleted = Удалено
history-action-poe-uploaded = PoE загружено
history-action-poe-removed = PoE удалено
history-action-comment = Комментарий
history-action-submitted = Отправлено
history-action-review-started = Рассмотрение начато
history-action-information-requested = Запрошена дополнительная информация
history-action-approved = Утверждено
history-action-rejected = Отклонено
history-action-resubmitted = Отправлено повторно
history-action-withdrawn = Отклонение запрошено партнером
history-action-disputed = Оспорено
history-action-customer-denied = Отклонено клиентом
history-action-no-partner-response = Отклонено автоматически: нет ответа от партнера
side-partner = партнер
side-reviewer = рецензент
side-customer = клиент
side-system = система
next-heading = Дальнейшие действия
next-by = до
next-editing = загрузите PoE и отправьте заявку на рассмотрение.
next-submitted = рецензент начнет рассмотрение заявки.
next-under-review = рецензент примет решение.
next-dispute-review = рецензент примет решение по спору.
next-partner-action = ответьте на запрос дополнительной информации и отправьте заявку повторно.
next-consent = клиент может отклонить связь; по истечении этого срока заявка будет отправлена на оценку права на поощрение.
next-dispute = может оспорить отклонение.
review-heading = Рассмотрение
start-review = Начать рассмотрение
decide-heading = Решение
approve = Утвердить
reject = Отклонить
request-more-information = Запросить дополнительную информацию
resubmit = Отправить повторно
dispute = Оспорить
request-rejection = Запросить отклонение
update-claim = Обновить заявку
create-from-claim = Создать новую связь на основе этой заявки
limited-edit-intro = После отправки заявки в ней можно изменить MPN ID, продукты, контактных лиц и комментарий. Каждое изменение записывается в журнал заявки.
field-approve_comment = Примечание для партнера (необязательно)
field-info_reasons = Чего не хватает
field-remove_products = Продукты, которые партнеру следует удалить (необязательно)
field-info_comment = Комментарий для партнера
field-reject_reason = Причина
field-reject_comment = Комментарий для партнера
field-resubmit_comment = Что вы изменили (необязательно)
field-dispute_justification = Деловое обоснование
field-withdraw_reason = Причина
field-comment = Ваш комментарий
field-info_comment_label = Комментарий
resubmit-heading = Ответ и повторная отправка
dispute-heading = Оспаривание отклонения
dispute-explained = Укажите деловое обоснование, или сначала загрузите выше обновленное PoE, или сделайте и то и другое. Заявку можно оспорить только один раз; решение рецензента по спору является окончательным.
withdraw-explained = Запросите отклонение этой заявки, например если в ней указан неверный MPN ID или неверное действие. Это нельзя отменить или оспорить.
comments-heading = Комментарии
comments-none = Комментариев пока нет.
add-comment = Добавить комментарий
rejection-heading = Отклонение
rejection-final = Это отклонение окончательное: если вы продолжаете работать с этим клиентом, создайте новую связь.
info-requested-heading = Запрошена дополнительная информация
info-requested-see-comments = Обновите заявку или загрузите PoE согласно запросу, затем отправьте заявку повторно.
contested-heading = Оспариваемая рабочая нагрузка
contested-partner = У другого партнера есть активная заявка на одну или несколько из этих рабочих нагрузок данного клиента. Рецензент решит, какая из заявок остается в силе.
contested-reviewer = Конкурирующие заявки других партнеров на того же арендатора и ту же рабочую нагрузку:
competing-flag = Конкурирующая
dispute-flag = Спор
overdue = Просрочено
unassigned = Не начато
column-due = Срок
column-reviewer = Рецензент
review-queue-filter = Какие заявки
review-queue-all = Все ожидающие заявки
review-queue-mine = Назначенные мне
conflict-text = Эта заявка изменилась после того, как вы ее открыли, и теперь имеет статус «{ $status }», поэтому ничего не сделано.
conflict-last-change = Последнее изменение:
conflict-nothing-done = Ваше действие не выполнено.
conflict-reload = Открыть текущую версию заявки
done-review-started = Рассмотрение начато; заявка назначена вам.
done-information-requested = У партнера запрошена дополнительная информация.
done-approved = Заявка утверждена.
done-rejected = Заявка отклонена.
done-resubmitted = Заявка повторно отправлена на рассмотрение.
done-withdrawn = Заявка отклонена по вашему запросу.
done-disputed = Спор открыт; решение примет рецензент.
done-updated = Изменения сохранены.
error-choose-reason = Выберите причину.
error-claim-not-updatable = Эту заявку можно обновить только в статусе «Отправлено» или «Требуется действие партнера».
error-claim-changed = Заявка изменилась, пока вы ее редактировали; ничего не сохранено. Откройте ее снова.
info-reason-missing-all-poe = Отсутствуют все документы PoE
info-reason-missing-customer-acknowledgment = Отсутствует подтверждение клиента (подпись)
info-reason-missing-or-old-dates = Даты отсутствуют или устарели
info-reason-missing-partner-solution = Отсутствует описание решения или услуги партнера
info-reason-missing-products = Отсутствуют продукты
rejection-reason-insufficient-poe = Недостаточное подтверждение выполнения
rejection-reason-missing-customer-consent = Отсутствует согласие клиента в PoE
rejection-reason-missing-products = Отсутствуют продукты
rejection-reason-poe-unavailable = PoE недоступно
rejection-reason-no-partner-response = Нет ответа от партнера
rejection-reason-partner-request = Запрос партнера
rejection-reason-customer-declined = Отказ клиента
withdraw-reason-wrong-mpn = Неверный MPN ID
withdraw-reason-wrong-activity = Неверное действие
withdraw-reason-no-longer-working-with-customer = Сотрудничество с клиентом прекращено
workflow-wrong-side = Это действие должна выполнить другая сторона.
workflow-wrong-status = Это действие невозможно в текущем статусе заявки.
workflow-self-check = Подтвердите каждый пункт самопроверки PoE.
workflow-reason = Выберите одну из перечисленных причин.
workflow-not-disputable = Это отклонение нельзя оспорить.
workflow-dispute-window = 30-дневный срок для оспаривания этого отклонения истек.
workflow-dispute-evidence = Укажите деловое обоснование или загрузите обновленное PoE.
workflow-consent-over = Период согласия завершился.
workflow-deadline-not-passed = Срок ответа партнера еще не истек.
column-next-step = Следующий шаг
next-step-partner = Ваша организация
next-step-reviewer = Рецензент
next-step-customer = Согласие клиента
next-step-none = Нет

## Электронная почта
mail-open-claim = Открыть заявку
mail-footer = Это сообщение отправлено порталом CPOR. Не отвечайте на него.
mail-dispute-outcome = Это решение по вашему спору.
mail-info-requested-subject = Для заявки { $id } требуется дополнительная информация
mail-info-requested-body = Рецензенту требуется дополнительная информация по заявке «{ $name }» для клиента { $customer }: { $reasons }. Обновите заявку или ее PoE и отправьте заявку повторно до { $due }; в противном случае она будет отклонена автоматически.
mail-approved-subject = Заявка { $id } утверждена
mail-approved-body = Заявка «{ $name }» для клиента { $customer } утверждена. Клиент может отклонить связь до { $due }; после этого заявка будет отправлена на оценку права на поощрение.
mail-rejected-subject = Заявка { $id } отклонена
mail-rejected-body = Заявка «{ $name }» для клиента { $customer } отклонена. Причина: { $reason }. Подробности и комментарий рецензента приведены на странице заявки.
mail-rejected-dispute = Вы можете оспорить это отклонение до { $due }: откройте заявку и выберите «Оспорить», указав деловое обоснование и (или) загрузив обновленное PoE.
mail-rejected-final = Это отклонение нельзя оспорить. Если вы продолжаете работать с этим клиентом, создайте новую связь.
mail-consent-subject = Организация { $org } сообщает, что работает с вашей организацией: проверьте эти сведения
mail-consent-greeting = Здравствуйте, { $contact }!
mail-consent-body = Организация { $org } (MPN ID { $mpn }) указала себя партнером записи (Partner of Record) клиента { $customer } для продуктов { $products } ({ $activity }).
mail-consent-deny = Если это не так, вы можете отклонить связь до { $due } по ссылке ниже. Если все верно, ничего делать не нужно.
mail-consent-link = Просмотреть связь
mail-consent-ended-subject = Заявка { $id } отправлена на оценку права на поощрение
mail-consent-ended-body = Период согласия клиента для заявки «{ $name }» ({ $customer }) завершился без отказа. Заявка отправлена на оценку права на поощрение { $date }.
history-action-sent-for-assessment = Отправлено на оценку права на поощрение
sent-for-assessment = Отправлено на оценку права на поощрение { $date }.

## Согласие клиента
consent-title = Связь с партнером
deny-association = Отклонить связь
consent-intro = Партнер сообщил нам, что работает с вашей организацией в отношении указанных ниже продуктов.
consent-partner = Партнер
consent-customer = Ваша организация
consent-until = Отклонить можно до
consent-right = Если все верно, ничего делать не нужно и эту страницу можно закрыть. Если нет, отклоните связь.
consent-confirm-heading = Отклонить эту связь?
consent-confirm-text = Заявка партнера будет отклонена, а партнер получит уведомление о вашем отказе. Это действие нельзя отменить.
consent-confirm-button = Да, отклонить связь
consent-keep = Чтобы сохранить связь, просто закройте эту страницу.
consent-denied = Вы отклонили связь. Заявка партнера отклонена. Спасибо.
consent-already-denied = Эта связь уже отклонена. Больше ничего делать не нужно.
consent-ended = Период, в течение которого можно было отклонить эту связь, завершился, поэтому ничего не изменено.
consent-invalid = Эта ссылка недействительна. Убедитесь, что вы открыли полную ссылку из сообщения электронной почты.

## Язык
language-label = Язык
language-change = Сменить
