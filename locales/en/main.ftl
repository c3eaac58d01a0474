# The CPOR portal, English. Statuses, buttons and page titles are fixed by SPEC.md ("Words on the screen").

app-name = CPOR portal
skip-to-content = Skip to main content
nav-label = Main
footer-text = Claiming Partner of Record: associate your organisation with the customers you serve.
required = required
choose-one = Choose one
none = None
you = You
edit = Edit
delete = Delete
cancel = Cancel
save-changes = Save changes
error-prefix = Error:
form-has-errors = Please correct the following
created-at = Created

## Dates and numbers
# %d day, %m two-digit month, %b short month name, %Y year, %H:%M time (UTC)
date-pattern = %d %b %Y
date-time-pattern = %d %b %Y, %H:%M UTC
month-short-1 = Jan
month-short-2 = Feb
month-short-3 = Mar
month-short-4 = Apr
month-short-5 = May
month-short-6 = Jun
month-short-7 = Jul
month-short-8 = Aug
month-short-9 = Sep
month-short-10 = Oct
month-short-11 = Nov
month-short-12 = Dec
claims-count = { $count ->
    [one] { $formatted } claim
   *[other] { $formatted } claims
}

## Roles
role-global-admin = Global admin
role-incentives-admin = Incentives admin
role-billing-admin = Billing admin
role-reviewer = Reviewer

## Sign-in
sign-in = Sign in
sign-out = Sign out
sign-in-title = Sign in
signed-out-notice = You have signed out.
sign-in-refused = The e-mail address or password is not correct.
sign-in-missing = Enter your e-mail address and password.
sign-in-throttled = Too many failed sign-ins. Wait 15 minutes, then try again.

## Vocabulary
solution-area-m365 = Microsoft 365
solution-area-bizapps = Business Applications
activity-pre-sales = Pre-sales
activity-usage = Usage
activity-revenue-association = Revenue association
program-osa-sell = OSA Sell
program-osu-m365 = OSU-Microsoft 365
program-osu-bizapps = OSU-Business Applications
program-revenue-association = Revenue association
status-all = All
status-editing = Editing
status-submitted = Submitted
status-under-review = Under review
status-partner-action-required = Partner action required
status-approved = Approved
status-rejected = Rejected

## Dashboard
dashboard-title = Customer associations
create-association = Create association
export-csv = Export CSV
dashboard-empty-title = No customer associations yet
dashboard-empty-text = Claim the customers whose use or purchase of Microsoft online services you influence. Each claim names the customer's tenant, the products and what you did.
dashboard-empty-step-create = Create an association with the customer's details and the products you influenced.
dashboard-empty-step-poe = Upload a Proof of Execution signed by the customer.
dashboard-empty-step-submit = Submit it for review.
dashboard-empty-read-only = Your role can see and export claims; an incentives admin or global admin creates them.
dashboard-no-match = No claims match this search and these filters.
dashboard-table-caption = Your organisation's customer associations
status-tabs-label = Claims by status
search-label = Search claims
search-hint = A claim ID, the start of a customer name or domain, or a tenant ID.
search-button = Search
clear-filters = Clear search and filters
filter-any = Any
pagination-label = Pages
page-previous = Previous page
page-next = Next page
column-claim-id = Claim ID
column-name = Name
column-customer = Customer
column-tenant-id = Tenant ID
column-program = Program
column-products = Products
column-status = Status
column-last-change = Last change
column-product = Product
column-subscription = Subscription ID
column-partner = Partner
column-account = Account
column-actions = Actions

## Claim form
edit-claim-title = Edit claim
edit-claim-heading = Edit claim { $id }
claim-form-intro = Every field is required unless marked otherwise. You can change everything until you submit the claim.
section-association = Association
section-customer = Customer
section-customer-contact = Customer contact
section-technical-contact = Technical contact
section-partner = Partner contact and solution
section-contacts = Contacts
field-name = Name
field-mpn_id = MPN ID
field-solution_area = Solution area
field-activity = Activity
field-customer_name = Customer name
field-customer_domain = Customer domain name
field-tenant_id = Tenant ID
field-products = Products and workloads
field-subscriptions = Subscription IDs
field-customer_contact_name = Customer contact name
field-customer_contact_title = Customer contact title
field-customer_contact_email = Customer contact e-mail
field-technical_contact_name = Technical contact name
field-technical_contact_title = Technical contact title
field-technical_contact_email = Technical contact e-mail
field-partner_contact_name = Partner contact name
field-partner_contact_email = Partner contact e-mail
field-partner_solution = Partner solution or service
field-engagement_date = Engagement date
field-commentary = Commentary
field-email = E-mail address
field-password = Password
field-role = Role
hint-name = A name your team will recognise, such as the project.
hint-activity = Microsoft 365: Usage. Business Applications: Pre-sales, Usage or Revenue association.
hint-customer_domain = For example contoso.com or contoso.onmicrosoft.com.
hint-guid = 32 hexadecimal digits in five groups, e.g. 8a1f2b3c-0d4e-4f5a-9b6c-7d8e9f0a1b2c.
hint-products = Choose the products of the solution area you selected.
hint-subscriptions = Business Applications: where the customer has several subscriptions, give the subscription ID of each product.
hint-technical-contact = Required for Business Applications.
hint-partner_solution = What your organisation did for the customer.
hint-engagement_date = When your engagement with the customer started (not in the future).
hint-password = At least 12 characters. Give it to the person securely; they can use it to sign in at once.
subscription-for = Subscription ID for { $product }

## Claim page
claim-id-label = Claim ID
claim-editing-next = This claim is being written: only your organisation can see it. Reviewers see it once it is submitted.
delete-claim-title = Delete claim
delete-claim-heading = Delete claim { $id }?
delete-claim-text = The claim "{ $name }" will be deleted. This cannot be undone.
delete-claim-confirm = Delete this claim

## Users
users-title = Users
users-table-caption = Your organisation's users
add-user = Add user
change-role = Change role
role-of = Role of { $name }
deactivate = Deactivate
reactivate = Reactivate
account-active = Active
account-deactivated = Deactivated
user-added = The user was added.
user-role-changed = The role was changed. It applies from the user's next click.
user-deactivated = The user was deactivated and signed out everywhere.
user-reactivated = The user can sign in again.

## Review queue
review-queue-title = Review queue
review-queue-empty = No claims are waiting for review.

## Field errors
error-required = Enter a value.
error-choose-one = Choose one of the options.
error-too-long = This is too long.
error-control-characters = Remove the invisible control characters.
error-guid = Enter a GUID such as 8a1f2b3c-0d4e-4f5a-9b6c-7d8e9f0a1b2c.
error-email = Enter an e-mail address such as name@contoso.com.
error-email-taken = Someone already uses this e-mail address.
error-domain = Enter a domain name such as contoso.com.
error-mpn-unknown = Choose one of your organisation's MPN IDs.
error-activity-mismatch = This activity does not exist in the chosen solution area.
error-products-required = Choose at least one product.
error-product-unknown = A chosen product is not in the catalogue.
error-product-area = Choose only products of the chosen solution area.
error-subscription-guid = A subscription ID is not a GUID.
error-date = Enter a date as year-month-day, e.g. 2026-10-01.
error-date-future = The engagement date cannot be in the future.
error-password-short = Use at least 12 characters.
error-cannot-change-self = You cannot change your own role or deactivate yourself; ask another global admin.
error-claim-not-editable = This claim has been submitted and can no longer be changed or deleted this way.

## Error pages
error-go-home = Go to the start page
error-title-not-found = Page not found
error-title-forbidden = Not allowed
error-title-conflict = This has changed
error-title-too-large = Too large
error-title-bad-request = Something is wrong with this request
error-title-internal = Something went wrong
error-page-not-found = There is nothing at this address, or you have no access to it. Check the link, or go back to the start page.
error-page-forbidden = Your role does not allow this. Ask your organisation's global admin if you need it.
error-page-csrf = This form has expired or did not come from this site, so nothing was changed. Go back, reload the page and try again.
error-page-sign-in = Please sign in.
error-page-too-large = What you sent is larger than the portal accepts.
error-page-method = This address does not accept that kind of request.
error-page-bad-request = The request could not be understood. Go back and try again.
error-page-unavailable = The portal cannot reach its database right now. Nothing was changed; try again in a minute.
error-page-internal = An unexpected error occurred and nothing was changed. Try again; if it keeps happening, tell your administrator.

## Proof of Execution
upload = Upload
submit = Submit
poe-heading = Proof of Execution
poe-none = No PoE documents yet. Upload the document the customer signed.
poe-column-file = File
poe-column-description = Description
poe-column-type = Type
poe-column-size = Size
poe-column-uploaded = Uploaded
poe-newest = Newest
poe-remove = Remove
poe-upload-heading = Add PoE documents
poe-upload-hint = PDF, Word, Excel, PowerPoint, PNG, JPEG or a saved e-mail (.eml, .msg). Choose one file per row and say briefly what it shows.
poe-drop-here = Or drop files here
poe-file-n = File { $n }
poe-description-n = Description of file { $n }
poe-uploaded-notice = { $count ->
    [one] One file was uploaded.
   *[other] { $formatted } files were uploaded.
}
poe-removed-notice = The file was removed.
poe-kind-pdf = PDF
poe-kind-docx = Word (.docx)
poe-kind-xlsx = Excel (.xlsx)
poe-kind-pptx = PowerPoint (.pptx)
poe-kind-png = PNG image
poe-kind-jpeg = JPEG image
poe-kind-eml = E-mail (.eml)
poe-kind-msg = Outlook message (.msg)
poe-refused-title = The upload was not accepted
poe-refused-empty = The file is empty.
poe-refused-type = This kind of file is not accepted.
poe-refused-extension = The file's name does not match its content: rename it with the right extension.
poe-accepted = Accepted: { $kinds }.
poe-limits = Each file may be up to { $file_mb } MB; a claim holds at most { $files } files and { $claim_mb } MB in all.
poe-nothing-stored = Nothing from this upload was stored.
poe-back-to-claim = Back to the claim
poe-choose-file = Choose at least one file to upload.
poe-file-too-large = A file is larger than the limit.
poe-claim-too-large = These files would take the claim over its total size limit.
poe-too-many = These files would take the claim over its limit on the number of files.
poe-upload-timeout = The upload took too long and was abandoned. Nothing was stored; try again.
poe-not-now = PoE can no longer be added to this claim in its current status.
poe-kept-after-submission = Files of a submitted claim are kept as evidence and cannot be removed; upload a newer file instead.
poe-template-link = Printable PoE template for the customer to sign
poe-template-title = Proof of Execution
poe-template-print-hint = Print this page or save it as PDF, have the customer sign it, then upload the signed copy.
poe-template-intro = This document confirms the partner's engagement with the customer for the products below.
poe-template-statement-heading = Customer acknowledgement
poe-template-statement = By signing, the customer confirms that the partner named above carried out the work described for the products listed, on or after the engagement date.
poe-template-customer = For the customer
poe-template-partner = For the partner
poe-template-name = Name
poe-template-job-title = Title
poe-template-signature = Signature
poe-template-date = Date

## Self-check and submission
submit-heading = Submit for review
self-check-legend = Before you submit, confirm that the PoE
self-check-hint = Reviewers ask for more information when one of these is missing.
self-check-customer-signature = carries the customer's signature or acknowledgement
self-check-dates-recent = shows dates, and they are recent
self-check-partner-solution = describes your solution or service
self-check-products-named = names every product you claim
self-check-belongs-to-customer = belongs to this customer
self-check-answers-heading = Partner's PoE self-check
self-check-confirmed = Confirmed
self-check-not-confirmed = Not confirmed
submit-needs-poe = Upload at least one PoE document before submitting.
submit-confirm-each = confirm it before submitting
claim-submitted-notice = The claim was submitted for review.
