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
# %a краткое название дня недели, %d день, %m месяц двумя цифрами, %b краткое название месяца, %Y год, %H:%M время, %Z = UTC, CET, KST…
date-pattern = %d %b %Y
date-time-pattern = %a, %d %b %Y, %H:%M %Z
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
hint-password = Не менее 12 символов; не распространенный пароль, без вашего адреса электронной почты и имени. Несколько не связанных между собой слов легко запомнить.
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
error-email-taken = У этого человека уже есть учетная запись в вашей организации: см. список ниже.
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
error-page-storage = Портал сейчас не может сохранять файлы. Ничего не сохранено; повторите загрузку через несколько минут.
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

error-email-unavailable = Этот адрес электронной почты нельзя использовать для нового пользователя. Проверьте его или спросите у человека, какой адрес использовать.
error-password-personal = Пароль не должен содержать адрес электронной почты или имя.
error-password-guessable = Этот пароль слишком легко угадать: это распространенный пароль или простой шаблон. Используйте несколько не связанных между собой слов или диспетчер паролей.
poe-request-too-large = Эта загрузка больше, чем может вместить одна заявка.
poe-too-many-parts = В этой загрузке больше частей, чем отправляет форма. Загрузите не больше разрешенного числа файлов.
field-customer_contact_locale = Язык контактного лица клиента
hint-customer-contact-locale = Письмо с запросом согласия и страница согласия будут показаны клиенту на этом языке.
claim-consent-mail-failed = Не удалось доставить письмо с запросом согласия контактному лицу клиента ({ $recipient }). Проверьте адрес у клиента.
claim-mail-failed = Не удалось доставить письмо об этой заявке по адресу { $recipient }.

user-invited = Приглашение отправлено. Человек сам выберет пароль по ссылке в нем.
invitation-resent = Приглашение отправлено повторно с новой ссылкой; старая ссылка больше не работает.
invitation-revoked = Приглашение отозвано; его ссылка больше не работает.
invitations-heading = Ожидающие приглашения
invitation-sent = Приглашен
invitation-resend = Отправить снова
invitation-revoke = Отозвать
invite-user = Пригласить пользователя
invite-user-hint = Человек получит письмо со ссылкой, действительной 7 дней, чтобы самому выбрать пароль.
mail-invitation-subject = Вас пригласили на портал CPOR
mail-invitation-body-org = Здравствуйте, { $name }! Вас пригласили работать на портале CPOR от имени { $org }. Чтобы начать, выберите пароль по ссылке ниже.
mail-invitation-body-reviewer = Здравствуйте, { $name }! Вас пригласили на портал CPOR в качестве рецензента. Чтобы начать, выберите пароль по ссылке ниже.
mail-invitation-until = Ссылка действует один раз, до { $until }.
mail-invitation-link = Выбрать пароль
mail-reset-subject = Сброс пароля для портала CPOR
mail-reset-body = Здравствуйте, { $name }! Кто-то запросил сброс пароля вашей учетной записи на портале CPOR. Выберите новый пароль по ссылке ниже.
mail-reset-until = Ссылка действует один раз, до { $until }.
mail-reset-not-you = Если вы этого не запрашивали, не обращайте внимания на это письмо: пароль останется прежним.
mail-reset-link = Выбрать новый пароль
mail-password-changed-subject = Пароль для портала CPOR изменен
mail-password-changed-body = Здравствуйте, { $name }! Пароль вашей учетной записи на портале CPOR был изменен { $date }. Из всех остальных сеансов выполнен выход.
mail-password-changed-not-you = Если это были не вы, сбросьте пароль сейчас и сообщите глобальному администратору вашей организации.
mail-password-forgot-link = Сбросить пароль
your-account = Ваша учетная запись
password-changed-sign-in = Пароль изменен. Войдите с новым паролем.
forgot-password = Забыли пароль?
forgot-intro = Введите адрес электронной почты, с которым вы входите. Если он принадлежит учетной записи, мы отправим ссылку для выбора нового пароля.
forgot-sent = Если этот адрес принадлежит учетной записи, письмо со ссылкой для выбора нового пароля уже в пути. Ссылка действует один час.
forgot-send = Отправить ссылку
set-password-heading = Задайте пароль
reset-password-heading = Выберите новый пароль
set-password-for = Для { $name }:
set-password = Задать пароль
link-invalid-title = Эта ссылка не работает
link-invalid-text = Ссылка недействительна: возможно, ею уже воспользовались, ее срок истек или ее заменила более новая. Запросите новую.
change-password = Изменить пароль
your-sessions = Ваши сеансы
session-browser = Браузер
session-address = Адрес
session-started = Вход выполнен
session-last-seen = Последняя активность
session-this-one = Этот сеанс
sign-out-everywhere-else = Выйти на всех остальных устройствах
password-changed = Пароль изменен, из остальных сеансов выполнен выход.
sessions-ended = Из всех остальных сеансов выполнен выход.
field-password_confirm = Новый пароль еще раз
field-current_password = Текущий пароль
error-password-mismatch = Пароли не совпадают. Введите один и тот же пароль дважды.
error-password-wrong = Это не ваш текущий пароль.
two-step-title = Двухэтапная проверка
two-step-manage = Настроить или отключить двухэтапную проверку
two-step-required = Для вашей роли двухэтапная проверка обязательна. Настройте ее сейчас, чтобы продолжить.
two-step-intro = При двухэтапной проверке для входа нужен не только пароль, но и код из приложения проверки подлинности на вашем телефоне.
two-step-scan = Отсканируйте этот QR-код приложением проверки подлинности.
two-step-qr-label = QR-код для сканирования приложением проверки подлинности
two-step-or-type = Или введите в него этот ключ:
two-step-enter-code = Введите шестизначный код, который показывает приложение.
two-step-turn-on = Включить двухэтапную проверку
two-step-turn-off = Отключить двухэтапную проверку
two-step-on = Двухэтапная проверка включена.
two-step-off = Двухэтапная проверка отключена.
recovery-codes-heading = Ваши коды восстановления
recovery-codes-once = Храните эти коды в надежном месте: каждый позволяет один раз войти, если вы потеряете телефон. Они показываются только сейчас.
recovery-codes-saved = Я сохранил коды восстановления
recovery-codes-left = { $count ->
    [one] Остался { $formatted } код восстановления.
    [few] Осталось { $formatted } кода восстановления.
   *[other] Осталось { $formatted } кодов восстановления.
}
field-code = Код проверки
hint-code = Шестизначный код из приложения проверки подлинности или один из ваших кодов восстановления.
sign-in-code-intro = Для вашей учетной записи включена двухэтапная проверка. Введите код, который сейчас показывает приложение.
sign-in-code-cancel = Войти под другим именем
error-code-wrong = Код неверен или уже использован. Введите код, который сейчас показывает приложение.
error-two-step-changed = Двухэтапная проверка тем временем изменилась; откройте страницу снова.
mail-two-step-off-subject = Для вашей учетной записи на портале CPOR отключена двухэтапная проверка
mail-two-step-off-body = Здравствуйте, { $name }! Двухэтапная проверка вашей учетной записи на портале CPOR была отключена { $date }.
mail-recovery-used-subject = Для входа в вашу учетную запись на портале CPOR использован код восстановления
mail-recovery-used-body = Здравствуйте, { $name }! { $date } один из ваших кодов восстановления был использован для входа в учетную запись на портале CPOR. Повторно его использовать нельзя.
sign-in-sso = Войти с помощью единого входа
sso-refused-title = Единый вход не выполнил вход
sso-refused-unknown = Ваш поставщик удостоверений подтвердил адрес электронной почты, для которого на портале нет активной учетной записи. Попросите глобального администратора вашей организации пригласить вас с этим адресом.
sso-refused-unverified = Ваш поставщик удостоверений не подтвердил, что адрес электронной почты проверен, поэтому его нельзя сопоставить с учетной записью.
sso-refused-failed = Ответ поставщика удостоверений не удалось проверить, или он относится к другому входу. Начните заново.
sso-refused-provider = Сейчас ваш поставщик удостоверений недоступен. Войдите с паролем или повторите попытку позже.
# Администрирование программы
role-operator = Оператор
admin-title = Администрирование программы
admin-overview = Обзор
admin-intro = Управление партнерской программой: организации и их MPN ID, заявления, рецензенты и операторы, каталог продуктов, календарь и уровни обслуживания, доставка электронной почты и журнал аудита.
admin-waiting-applications = { $count ->
    [one] { $formatted } заявление ожидает решения
    [few] { $formatted } заявления ожидают решения
    [many] { $formatted } заявлений ожидают решения
   *[other] { $formatted } заявления ожидают решения
}
admin-failed-mail = { $count ->
    [one] { $formatted } сообщение не доставлено
    [few] { $formatted } сообщения не доставлены
    [many] { $formatted } сообщений не доставлено
   *[other] { $formatted } сообщения не доставлено
}
admin-pending-mail = { $count ->
    [one] { $formatted } сообщение ожидает отправки
    [few] { $formatted } сообщения ожидают отправки
    [many] { $formatted } сообщений ожидают отправки
   *[other] { $formatted } сообщения ожидают отправки
}
admin-orgs = Организации
admin-orgs-search = Поиск по названию или MPN ID
admin-orgs-none = Нет подходящих организаций.
admin-orgs-more = Подходящих организаций больше, чем показано: введите для поиска более длинную часть названия.
admin-org-create = Создать организацию
admin-org-people = Пользователи
admin-org-no-people = Пока никто не присоединился: пригласите глобального администратора организации ниже.
admin-org-settings = Название и доступ
admin-org-deactivate = Деактивировать организацию
admin-org-reactivate = Активировать организацию повторно
admin-org-deactivate-hint = Сеансы всех ее пользователей сразу завершаются, и войти они смогут только после повторной активации организации. Ее заявки остаются без изменений.
admin-org-is-deactivated = Эта организация деактивирована: ее пользователи не могут войти в систему.
admin-invite-global-admin = Пригласить глобального администратора
admin-mpn-add = Добавить MPN ID
admin-mpn-remove-hint = MPN ID, указанный в заявке, не удаляется, а выводится из использования: он остается в своих заявках, но не предлагается для новых.
admin-remove = Удалить
admin-retire = Вывести из использования
admin-restore = Снова предлагать
admin-retired = Выведен из использования
admin-rename = Переименовать
admin-applications = Заявления
admin-applications-waiting = Ожидают решения
admin-applications-none = Нет заявлений, ожидающих решения.
admin-applications-decided = Недавно рассмотренные
admin-applicant = Заявитель
admin-applied-at = Дата подачи
admin-decided-at = Дата решения
admin-approve-application = Утвердить и пригласить заявителя
admin-reject-application = Отклонить
admin-reject-reason = Причина отклонения (будет отправлена заявителю по электронной почте)
admin-people = Рецензенты и операторы
admin-invite-person = Пригласить рецензента или оператора
admin-products = Продукты
admin-products-hint = Продукт, выведенный из использования, не предлагается для новых заявок и остается в заявках, где он указан. Порядок здесь совпадает с порядком в форме заявки.
admin-product-add = Добавить продукт
admin-product-name-of = Название для { $code }
admin-move-up = Переместить вверх
admin-move-down = Переместить вниз
admin-calendar = Календарь и уровни обслуживания
admin-calendar-running-deadlines = Изменения применяются к срокам, устанавливаемым с этого момента. Уже идущий срок сохраняет свою дату.
admin-service-levels = Уровни обслуживания
admin-save-service-levels = Сохранить уровни обслуживания
admin-changed-by = Последнее изменение: { $name }
admin-set-at-start = Задано при установке портала
admin-holidays-of = Праздничные дни в { $year } году
admin-previous-year = Предыдущий год
admin-next-year = Следующий год
admin-no-holidays = В этом году нет праздничных дней: каждый будний день является рабочим.
admin-holiday-add = Добавить праздничный день
admin-added-by = Добавлено
admin-mail = Доставка электронной почты
admin-mail-states = Сообщения по состоянию
admin-mail-none = Здесь нет сообщений.
admin-mail-recipient = Получатель
admin-mail-subject = Тема
admin-mail-queued = Поставлено в очередь
admin-mail-delivered-at = Доставлено
admin-mail-attempts = Попытки
admin-mail-last-error = Последняя ошибка
admin-mail-retry = Повторить сейчас
mail-state-pending = Ожидает
mail-state-delivered = Доставлено
mail-state-failed = Не доставлено
admin-audit = Журнал аудита
admin-audit-filter = Фильтр журнала аудита
admin-audit-person = Пользователь (адрес электронной почты)
admin-audit-kind = Событие
admin-audit-from = С
admin-audit-to = По
admin-audit-apply = Показать
admin-audit-export = Скачать в формате CSV
admin-audit-none = Ничего не найдено.
audit-column-at = Когда
audit-column-kind = Событие
audit-column-name = Кто
audit-column-email = Адрес электронной почты
audit-column-from = Откуда
audit-column-subject = Объект
audit-column-detail = Подробности
audit-unknown = Другое
audit-sign-in = Вход выполнен
audit-sign-in-failed = Неудачный вход
audit-invitation-sent = Приглашение отправлено
audit-invitation-revoked = Приглашение отозвано
audit-invitation-accepted = Приглашение принято
audit-password-reset = Пароль сброшен
audit-role-changed = Роль изменена
audit-user-deactivated = Пользователь деактивирован
audit-user-reactivated = Пользователь активирован повторно
audit-two-step-enabled = Двухэтапная проверка включена
audit-two-step-disabled = Двухэтапная проверка отключена
audit-org-created = Организация создана
audit-org-renamed = Организация переименована
audit-org-deactivated = Организация деактивирована
audit-org-reactivated = Организация активирована повторно
audit-mpn-id-added = MPN ID добавлены
audit-mpn-id-removed = MPN ID удален
audit-mpn-id-retired = MPN ID выведен из использования
audit-application-approved = Заявление утверждено
audit-application-rejected = Заявление отклонено
audit-product-added = Продукт добавлен
audit-product-renamed = Продукт переименован
audit-product-retired = Продукт выведен из использования
audit-product-restored = Продукт снова предлагается
audit-product-moved = Продукт перемещен
audit-holiday-added = Праздничный день добавлен
audit-holiday-removed = Праздничный день удален
audit-service-level-changed = Уровень обслуживания изменен
audit-mail-retried = Повторная отправка письма
application-status-pending = Ожидает
application-status-approved = Утверждено
application-status-rejected = Отклонено
org-created = Организация создана.
org-renamed = Организация переименована.
mpn-ids-added = MPN ID добавлены.
mpn-id-removed = MPN ID удален.
mpn-id-retired = Этот MPN ID указан в заявке, поэтому он выведен из использования: он остается в своих заявках, но не предлагается для новых.
org-deactivated = Организация деактивирована, сеансы ее пользователей завершены.
org-reactivated = Организация активирована повторно.
application-approved = Заявление утверждено, заявитель приглашен.
application-rejected = Заявление отклонено, заявителю сообщена причина.
product-added = Продукт добавлен.
product-renamed = Продукт переименован.
product-retired = Продукт выведен из использования.
product-restored = Продукт снова предлагается.
product-moved = Продукт перемещен.
holiday-added = Праздничный день добавлен.
holiday-removed = Праздничный день удален.
service-levels-saved = Уровни обслуживания сохранены. Они применяются к срокам, устанавливаемым с этого момента.
mail-retried = Сообщение снова поставлено в очередь и сейчас будет отправлено.
field-org_name = Название организации
field-mpn_ids = MPN ID
field-product_code = Код
field-day = Дата
field-reason = Причина
field-review-start = Начало рассмотрения в течение
field-decision = Решение в течение
field-partner-response = Ответ партнера в течение
field-consent = Клиент может отклонить в течение
field-dispute = Партнер может оспорить в течение
field-dispute-decision = Решение по спору в течение
unit-business-days = рабочих дней
unit-days = дней
hint-mpn-ids = Один или несколько, через запятую или пробел.
hint-mpn-id = Идентификатор расположения партнера Microsoft для вашей организации.
hint-product-code = Строчные латинские буквы, цифры и дефисы, например copilot-studio. Позже код изменить нельзя.
error-mpn-format = MPN ID состоит из 1–20 букв или цифр.
error-too-many = Слишком много за один раз: не более 20.
error-product-code = Используйте от 2 до 60 строчных латинских букв, цифр и дефисов, начиная с буквы.
error-product-code-taken = Продукт с таким кодом уже существует.
error-mpn-taken = Этот MPN ID уже принадлежит организации.
error-email-has-account = Для этого адреса электронной почты уже есть учетная запись или приглашение.
error-application-decided = По этому заявлению тем временем уже принято решение.
error-reason-needed = Укажите, почему заявление отклонено: заявитель прочитает это.
error-holiday-exists = Этот день уже является праздничным.
error-days-range = Целое число дней от 1 до 365.
error-mail-not-failed = Это сообщение не находится (или уже не находится) в состоянии ошибки: возможно, его тем временем отправили повторно.
# Заявление на партнерский доступ
apply-title = Заявление на партнерский доступ
apply-intro = Вашей организации еще нет на портале CPOR? Расскажите нам о себе. Когда программа утвердит ваше заявление, вы получите по электронной почте приглашение стать глобальным администратором вашей организации.
apply-send = Отправить заявление
apply-thanks = Спасибо. Ваше заявление получено: мы ответим вам по электронной почте.
apply-throttled = Из вашей сети недавно поступило слишком много заявлений. Повторите попытку через час.
apply-have-account = Уже есть учетная запись? Войти
mail-application-rejected-subject = Ваше заявление на доступ к порталу CPOR
mail-application-rejected-body = Здравствуйте, { $name }! Благодарим вас за заявление на партнерский доступ для { $org }. Программа не может принять это заявление. Причина:
mail-application-again = Подать заявление снова
mail-invitation-body-operator = Здравствуйте, { $name }! Вас пригласили на портал CPOR в качестве оператора партнерской программы. Чтобы начать, выберите пароль по ссылке ниже.
# Reviewers' workbench
history-action-internal-note = Внутренняя заметка рецензента
notes-heading = Внутренние заметки рецензентов
notes-hint = Эти заметки видят только рецензенты: партнер их никогда не видит, они не попадают ни в доступный ему журнал, ни в сообщения электронной почты, ни в экспорт.
notes-none = Внутренних заметок пока нет.
notes-badge = Только для рецензентов
field-note = Ваша заметка
add-note = Добавить внутреннюю заметку
assign-heading = Рецензент
assigned-to = Назначенный рецензент: { $name }.
assign-to-me = Назначить мне
assign-to = Кому назначить
assign = Назначить
unassign = Снять назначение
done-assigned = Назначение рецензента сохранено.
history-action-assigned = Рецензент назначен
history-action-unassigned = Назначение рецензента снято
history-assignee = Кому назначено:
mail-assigned-subject = Заявка { $id } назначена вам
mail-assigned-body = Пользователь { $by } назначил вам на рассмотрение заявку «{ $name }» для клиента { $customer }.
assignee-none = Рецензент пока не назначен.
# Review queue: filters, views and bulk actions
queue-filters = Фильтр очереди на рассмотрение
due-overdue = Просрочено
due-today = Срок сегодня
due-within = Срок в течение указанного ниже числа дней
due-within-days = Рабочие дни
assignment-anyone = Любой
assignment-me = Я
assignment-unassigned = Пока никто
sort-label = Сортировка
sort-due = Срок, сначала ближайшие
sort-age = Сначала ожидающие дольше всех
queue-only = Только
queue-apply = Показать
view-name = Название этого представления
save-view = Сохранить представление
your-views = Ваши сохраненные представления
delete-view = Удалить представление
view-saved = Представление сохранено: теперь оно отображается как вкладка.
view-deleted = Представление удалено.
error-view-name-taken = У вас уже есть представление с таким названием.
error-too-many-views = У вас уже 20 представлений: сначала удалите одно из них.
bulk-with-selected = С отмеченными заявками:
select-all-on-page = Выбрать все на этой странице
bulk-select = Выбор
bulk-select-claim = Выбрать заявку { $id }
queue-keys-hint = Клавиатура: j и k — перемещение по заявкам, o — открыть отмеченную.
bulk-result-title = Массовое действие
bulk-done-count = { $count ->
    [one] { $formatted } заявка обработана
    [few] { $formatted } заявки обработаны
    [many] { $formatted } заявок обработано
   *[other] { $formatted } заявки обработано
}
bulk-skipped-count = { $count ->
    [one] { $formatted } пропущена
    [few] { $formatted } пропущены
    [many] { $formatted } пропущено
   *[other] { $formatted } пропущено
}
bulk-done-heading = Выполнено
bulk-skipped-heading = Пропущенные заявки и причины
bulk-back = Вернуться к очереди на рассмотрение
bulk-skipped-not-found = Нет заявки с таким идентификатором, ожидающей рассмотрения.
bulk-skipped-already = Это уже было сделано.
# Service levels
service-levels-title = Уровни обслуживания
service-levels-period = Период
sl-submitted = Отправленные заявки
sl-decided = Решения
sl-median = Время до решения (медиана)
sl-p90 = Время до решения (90-й процентиль)
sl-within = Решено в течение { $days } рабочих дней
sl-overdue-now = Просрочено сейчас
sl-business-days = { $count ->
    [one] { $formatted } рабочий день
    [few] { $formatted } рабочих дня
    [many] { $formatted } рабочих дней
   *[other] { $formatted } рабочего дня
}
sl-no-decisions = За этот период решений нет.
chart-decisions = Решения
chart-by-kind = Решения по типам
chart-kind = Решение
chart-time-to-decision = Время до решения в рабочих днях
chart-business-days = Рабочие дни
chart-per-reviewer = Решения по рецензентам
error-period = Выберите период не более одного года, начало которого предшествует его окончанию.
# PoE preview
preview-link = Просмотр
preview-title = Просмотр
preview-download = Скачать файл
preview-page = Страница { $n }
preview-unavailable = Этот сервер не может показывать предварительный просмотр: скачайте файл, чтобы прочитать его.
preview-unreadable = Этот файл нельзя показать на странице: скачайте его, чтобы прочитать.
