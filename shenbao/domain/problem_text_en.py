"""The English table: every problem, finding and refusal code's words, with the Chinese table's placeholders.

Kept apart from the Chinese tables (problems.MESSAGES, eligibility, catalog_import, history_import,
flow.messages) so each area's module stays its own size; tests/domain/test_problem_text.py checks
that every code of every area has words here, and no placeholder the Chinese does not fill.
Params that are reasons given by other rules ({detail}) stay in Chinese.
"""

from __future__ import annotations

_IF_A_PERSON = " (if this row is a person, fill in their ID number)"

_THRESHOLDS = (
    " every threshold includes its number (“or more” and “not below” include it, Civil Code art. 1259)."
)
_CLAIM = "[{organisation} ({reference}), ][row {number}, ]{authority}, {claim_year}, status: {status}"

ENGLISH: dict[str, str] = {
    # Roster: the file.
    "file_unreadable": "The file cannot be read ({detail}); open it in Excel or WPS and save it as .xlsx",
    "file_format_unsupported": "Unsupported file format “{detail}”: upload a .xlsx, .xls, .ods or .csv file",
    "file_encrypted": "The file has an opening password: remove it, save and upload again",
    "file_too_large": "The file is too large ({detail}, limit {limit}): remove unrelated sheets or content",
    "file_compression_suspicious": "The file unpacks to an abnormal size ({detail}): save it as a new .xlsx file",
    "file_too_many_rows": "More than {limit} rows ({detail}): split the roster into several files",
    "file_too_many_columns": "Too many columns ({detail}, limit {limit}): delete the extra columns",
    "file_empty": "The file is empty: fill in the roster and upload it again",
    "file_encoding_unknown": "The CSV file's text encoding is unknown: save it as .xlsx or “CSV UTF-8”",
    "header_not_found": "No header row in the first {limit} rows (with 姓名, 证件号码 …): use the official template",
    "kind_unrecognised": "Cannot tell whether this is an 附件3 (employees) or 附件4 (trainees) roster: use the template",
    "kind_mismatch": "The file's columns are {detail}, not the {expected} chosen: check the file",
    "column_missing": "Required column “{column}” is missing: add it as in the official template",
    "no_data_rows": "No persons below the header: fill them in and upload again",
    "upload_not_applied": "This upload did not take effect: ",
    "check_interrupted": (
        "The check was interrupted several times and this upload did not take effect. Upload the file again;"
        " if this keeps happening, contact your authority."
    ),
    "column_ignored": "Row {row}: column “{value}” is not in the template and was ignored",
    "column_duplicated": "Column “{column}” appears more than once; only the first is checked",
    "row_total": "Row {row} is a total row and was not counted as a person" + _IF_A_PERSON,
    "row_sign_off": "Row {row} is a signature and seal line and was not counted as a person" + _IF_A_PERSON,
    "row_note": "Row {row} is a note and was not counted as a person" + _IF_A_PERSON,
    "row_header_repeated": "Row {row} repeats the header and was not counted as a person" + _IF_A_PERSON,
    "row_heading": "Row {row} is a title or group heading and was not counted as a person" + _IF_A_PERSON,
    # Roster: a row.
    "formula_error": "The formula returns the error {value}; {column} needs a value: fix the formula or type it",
    "required_missing": "Not filled in: please fill it in",
    "value_not_allowed": "“{value}” is not an allowed value: fill in {allowed}",
    "id_stored_as_number": (
        "Excel stored the ID number as a number and lost its last digits (now {value}): "
        "format the column as Text and type the full number again"
    ),
    "id_length": "An ID card number has 18 characters, this one has {length}: please check",
    "id_first_generation": "15-digit first-generation ID numbers are no longer used: fill in the 18-digit number",
    "id_format": "The first 17 characters must be digits and the last a digit or X: please check",
    "id_region": "The first 6 digits (region code {detail}) do not exist: please check",
    "id_birth_date": "The birth date in digits 7–14 ({detail}) is not valid: please check",
    "id_check_character": "The check character is wrong (the first 17 digits give {expected}): check the number",
    "id_sex_mismatch": "Sex is “{value}” but the ID number's 17th digit says {expected}: check either",
    "passport_format": "A passport number has 5–20 letters or digits: please check",
    "id_duplicate": "ID number {value} repeats row {first_row}: each person is listed once",
    "org_code_invalid": "{detail}",
    "date_invalid": "“{value}” is not a valid date: write a date such as 2016-03-01",
    "date_after_reference": "The date {value} is after {reference}: please check",
    "leave_date_missing": "“是否在职” is 否: fill in the leaving date",
    "leave_date_unexpected": "“是否在职” is 是, so there should be no leaving date: delete it or change 是否在职 to 否",
    "leave_before_hire": "The leaving date {value} is before the hire date {detail}: please check",
    "tenure_not_a_number": "“{value}” is not a number of days: fill in whole days or leave it blank",
    "tenure_mismatch": "{value} days differs from the {expected} days the dates give: check (or leave blank)",
    "social_insurance_other_organisation": (
        "Social insurance is paid from the applicant's account, but code {value} is not the applicant's: "
        "please check (the reviewer decides)"
    ),
    # Eligibility findings.
    "hired_before_window": "Hired on {hired_on}, before this call's window opens on {from_on}",
    "hired_after_window": "Hired on {hired_on}, after this call's window closes on {to_on}",
    "insurance_not_own_account": "Social insurance is not paid from the applicant's own account",
    "insurance_other_payer": "Social insurance payer code {payer} is not the applicant's code",
    "left_before_reference": "Left on {left_on}[ after {tenure_days} days]",
    "hiring_enterprise_not_found": "The hiring enterprise is not registered in the system",
    "claimed_elsewhere": "This person is also claimed in another application",
    "supported_before": "This person was supported as a new employee in an earlier year",
    # The approved-figures import.
    "import_file_empty": "The file is empty: fill in the template and upload it again",
    "import_header_not_found": "No header row (with a “{header}” column): use the import template",
    "import_column_missing": "Missing columns: {columns}; use the import template",
    "import_no_data_rows": "No data rows below the header",
    "import_credit_code_invalid": "{detail}",
    "import_enterprise_not_found": "No enterprise with credit code {credit_code} is registered: check it has registered",
    "import_not_an_enterprise": "{name} is a training institution; its business figures are not imported",
    "import_figure_invalid": "{detail}",
    "import_count_invalid": "Fill in a whole number, zero or more ({detail})",
    "import_amount_missing": "This amount is missing",
    "import_year_missing": "The year is missing",
    "import_year_out_of_range": "{year} is not a valid year",
    "import_row_duplicated": "Same enterprise and year as row {first_row}: one row per enterprise and year",
    # The history import.
    "history_file_unreadable": "The file cannot be read: upload an .xlsx spreadsheet",
    "history_no_sheet": "The file has no worksheet",
    "history_header_not_found": "No header row: the first row should be {columns}",
    "history_column_missing": "Column “{column}” is missing",
    "history_no_data_rows": "The file has no data rows",
    "history_id_type_not_allowed": "Should be “身份证” (ID card) or “护照” (passport)",
    "history_required_missing": "Must not be blank",
    "history_id_card_invalid": "Not a valid 18-character ID card number (if stored as a number, format the column as Text)",
    "history_passport_invalid": "A passport number has 5 to 20 letters or digits",
    "history_year_out_of_range": "Should be a year from 2000 to {last_year}",
    "history_kind_unrecognised": "Should be “新录用员工” (附件3, employees) or “培训人员” (附件4, trainees)",
    # The workflow's refusals, findings and next steps.
    "upload_too_large": "The file is over the {limit} MB limit: remove what is not needed, or split it into several files, and upload again.",
    "downloads_in_flight": "You already have {count} files being built: try again once they are ready.",
    "standard_over_ceiling": "A support standard cannot be above the national ceiling of {limit} yuan a person.",
    "dates_reversed": "The end of a date range cannot be before its start.",
    "call_year_taken": "The call for {year} already exists: there is one call a year.",
    "nobody_chosen": "Choose at least one person.",
    "decision_missing": "Choose “eligible” or “not eligible”.",
    "ineligible_reason_missing": "Give the reason when deciding “not eligible”.",
    "bulk_count_changed": "The number of persons it applies to is now {count}: go back and confirm again.",
    "bulk_nobody": "No person under this filter can be decided in bulk.",
    "return_rows_unknown": "The roster has no row {rows}.",
    "nothing_to_report": "No accepted application is waiting to be reported.",
    "already_with_authority": "The application is already with {authority}.",
    "organisation_already_with": "The organisation already belongs to {authority}.",
    "not_your_role": "“{action}” is not an action your role may take.",
    "wrong_status": "The application is “{status}”, so it cannot be “{action}”. Possible now: {allowed}.",
    "wrong_status_nothing_now": "The application is “{status}”, so it cannot be “{action}”. Nothing is possible for you now.",
    "organisation_unconfirmed": "The organisation awaits confirmation by the {authority} authority before submitting.",
    "roster_missing": "No roster yet: download the template, fill it in and upload it.",
    "roster_checking": "The roster is being checked: submit once the check has finished.",
    "roster_errors": "{rows} rows of the roster have errors: correct them online or upload again.",
    "volumes_not_declared": "Fill in how many paper volumes will be delivered.",
    "call_not_yet_open": "This call accepts applications from {opens_on}; it has not opened yet.",
    "call_closed": "This call closed on {closes_on}; first submissions are no longer accepted.",
    "deadline_passed": "The correction deadline {deadline} has passed: contact the {authority} authority.",
    "review_started": "The review has started, so it cannot be withdrawn: ask the {authority} authority to return it.",
    "rows_undecided": "{count} persons have no decision yet: decide each before accepting.",
    "receipt_missing": "First record the paper volumes received and whether the electronic files are complete.",
    "no_eligible_to_accept": "No person is eligible, so it cannot be accepted: reject or return it.",
    "no_eligible_to_approve": "No person is eligible, so it cannot be approved: send it back to the district.",
    "not_published": "The call's approved list is not published yet; payments are recorded after that.",
    "already_published": "The call's approved list is already published.",
    "call_still_open": "The call accepts applications until {closes_on}; publish after that.",
    "reported_undecided": "{count} reported applications are not decided: approve or send them back first.",
    "nothing_approved": "The city has approved no application of this call: there is no list to publish.",
    "declaration_missing": "Confirm that the persons listed were told their data is used for this application.",
    "return_reason_missing": "Fill in why it is returned.",
    "reject_reason_missing": "Fill in why it is rejected.",
    "send_back_reason_missing": "Fill in why it is sent back to the district.",
    "deadline_missing": "Fill in the correction deadline.",
    "deadline_in_past": "The correction deadline cannot be before today.",
    "override_not_listed": "The enterprise is not in the {edition} catalog: give the reason to {action} anyway (recorded).",
    "override_no_figures": "The enterprise has no {data_year} figures: give the reason to {action} anyway (recorded).",
    "volumes_not_acknowledged": "{declared} paper volumes declared, {received} received: tick to acknowledge first.",
    "payment_date_missing": "Fill in the payment date.",
    "payment_date_future": "The payment date {paid_on} is after today: please check.",
    "payment_amount_not_positive": "The payment must be more than 0.",
    "payment_over_approved": "The payment {amount} exceeds the approved {approved}: please check.",
    "voucher_missing": "Fill in the payment voucher number.",
    "period_missing": "Fill in the publication period's first and last days.",
    "period_reversed": "The publication period cannot end before it starts.",
    "contact_missing": "Fill in where objections are received (department, telephone).",
    "catalog_not_listed": "By the {edition} catalog and {data_year} figures the enterprise is not listed: accepting needs a reason.",
    "catalog_no_figures": "No {data_year} figures, so the {edition} catalog cannot decide: accepting needs a reason.",
    "catalog_provisional": "Listed on the enterprise's own {data_year} figures: provisional until the approved figures.",
    "volumes_mismatch": "{declared} paper volumes declared, {received} received.",
    "step_submit": "Confirm the electronic files and the paper volumes, then submit.",
    "step_resubmit": "Correct as the return reason says and submit again before {deadline}.",
    "step_wait_review": "Waiting for the {authority} authority's review.",
    "step_wait_review_withdrawable": "Waiting for the {authority} authority's review; you may withdraw until it starts.",
    "step_withdrawn": "The application was withdrawn; it cannot be submitted again in this call.",
    "step_accepted": "Accepted by the district; waiting to be reported to the city.",
    "step_rejected": "The application was not accepted.",
    "step_reported": "Reported to the city; waiting for approval.",
    "step_approved": "Approved by the city: {persons} persons, {amount}; paid after publication.",
    "step_paid": "The support of {amount} has been paid.",
    # The catalog decision's explanation (catalog_text); titles and sources quote the edition.
    "catalog_edition": "Decided under 《{title}》 ({edition} edition, {source}) on {data_year} figures;"
    + _THRESHOLDS,
    "catalog_edition_named": "「{name}」 decided under 《{title}》 ({edition} edition, {source}) on {data_year} figures;"
    + _THRESHOLDS,
    "catalog_source_self_declared": "Figures: declared by the enterprise, not yet approved by {basis_system};"
    " the approved amounts prevail ({basis_source}), so this decision is provisional.",
    "catalog_source_approved": "Figures: amounts approved by {basis_system} (they prevail: {basis_source}).",
    "catalog_listed": "Decision: listing test {met} met, listed in 《{short_title}》.",
    "catalog_not_listed_conclusion": "Decision: no listing test met, not listed in 《{short_title}》.",
    "catalog_test_no_revenue": "Listing test ({number}): outsourcing revenue is USD 0, below USD {floor}; the offshore"
    " share cannot be computed: {verdict} ({source}).",
    "catalog_test": "Listing test ({number}): outsourcing revenue USD {revenue} {revenue_sign} USD {floor};"
    " offshore clients USD {offshore}, {share} {share_sign} {min_percent}%: {verdict} ({source}).",
    "catalog_tier_reached": "{category_name} ({category}) exports USD {export}, reaching the {authority} key-cultivation"
    " threshold (USD {min_export} or more) ({source}).",
    "catalog_tier_not_reached": "{category_name} ({category}) exports USD {export}, below the lowest {authority}"
    " key-cultivation threshold (USD {min_export} or more) ({source}).",
    "catalog_key_not_listed": "{category} key cultivation: the enterprise is not listed, so not granted.",
    "catalog_key_no_tier": "{category} key cultivation: exports reach no threshold, so not granted.",
    "catalog_key_granted": "{category} key cultivation: listed, exports and every condition met: granted as a"
    " {authority} key-cultivation enterprise ({tier}).",
    "catalog_key_gaps": "{category} key cultivation: exports reach the {authority} threshold but not every condition"
    " is met (not met: {not_met}; unknown: {unknown}), so not granted.",
    "catalog_key_gaps_not_met": "{category} key cultivation: exports reach the {authority} threshold but not every"
    " condition is met (not met: {not_met}), so not granted.",
    "catalog_key_gaps_unknown": "{category} key cultivation: exports reach the {authority} threshold but not every"
    " condition is met (unknown: {unknown}), so not granted.",
    "catalog_condition": "{category} condition “{what}”: {found}, {verdict} ({source}).",
    "catalog_potential_none": "Potential fields: none declared (may declare: {names}; {source}).",
    "catalog_potential": "Potential fields: {fields} declared ({source}).",
    "catalog_verdict_met": "met",
    "catalog_verdict_not_met": "not met",
    "catalog_verdict_unknown": "unknown",
    "catalog_what_engaged": "engaged in this category of outsourcing",
    "catalog_what_contracts": "long-term outsourcing contracts signed",
    "catalog_what_certification": "international certification in the field",
    "catalog_what_college_share": "staff with a college degree over {percent}%",
    "catalog_engaged_unknown": "the categories of outsourcing are not filled in",
    "catalog_engaged": "declared as engaged in {category_name}",
    "catalog_not_engaged": "not declared as engaged in {category_name} (declared: {declared})",
    "catalog_contract_length_any": " (no length set by the annex)",
    "catalog_contract_length_years": " ({years} years or more)",
    "catalog_contracts_unknown": "not filled in whether long-term contracts are signed{length}",
    "catalog_contracts": "long-term contracts signed{length}",
    "catalog_no_contracts": "no long-term contracts signed{length}",
    "catalog_certification_unknown": "international certifications are not filled in",
    "catalog_certified": "holds {names}",
    "catalog_not_certified": "no international certification filled in for {category}",
    "catalog_staff_unknown": "the staff or college-degree staff count is not filled in",
    "catalog_staff_zero": "the staff count is 0, so no share can be computed",
    "catalog_college_share": "{college} of {staff} staff hold a college degree, {share} {share_sign} {floor}%",
    # Cross-checks: another claim on the same person.
    "cross_claimed_elsewhere": "Also claimed in another application: " + _CLAIM,
    "cross_supported_before": "Already supported as a new employee in {claim_year}: " + _CLAIM,
    "cross_supported_in_history": "Already supported as a new employee in {year} (history record[, {organisation}])",
    "cross_linked_by_enterprise": "Linked claim (not an error): the hiring enterprise also claims this person as an employee: "
    + _CLAIM,
    "cross_linked_by_institution": "Linked claim (not an error): a training institution claims this person as a trainee"
    " hired by you: " + _CLAIM,
    "cross_hiring_ambiguous": "Hiring enterprise “{written}” matches several registered enterprises: {names}; check which",
    "cross_hiring_not_found_near": "Hiring enterprise “{written}” is not registered; similar registered names: {names}",
    "cross_hiring_not_found": "Hiring enterprise “{written}” is not registered, and no registered name is similar",
}

# Statuses and actions named in a sentence ({status}, {action}, {allowed}), by their code.
STATUS_WORDS: dict[str, str] = {
    "draft": "draft",
    "submitted": "submitted, awaiting review",
    "withdrawn": "withdrawn",
    "returned": "returned for correction",
    "accepted": "accepted by the district",
    "rejected": "not accepted",
    "reported": "reported to the city",
    "approved": "approved by the city",
    "paid": "paid",
}
ACTION_WORDS: dict[str, str] = {
    "submit": "submit",
    "withdraw": "withdraw",
    "return": "return for correction",
    "resubmit": "resubmit after correction",
    "accept": "accept",
    "reject": "reject",
    "report": "report to the city",
    "approve": "approve",
    "send_back": "send back to the district",
    "pay": "record the payment",
    "create": "create an application",
    "upload_roster": "upload the roster",
    "edit_roster": "edit the roster online",
    "edit_materials": "change materials and remarks",
    "decide_rows": "decide person by person",
    "record_receipt": "record the materials received",
    "move": "move to another authority",
    "publish": "publish the approved list",
}
