"""Hand-made HubSpot exports following HubSpot's public column layouts."""

from __future__ import annotations

from datetime import datetime

from tests.connectors.conftest import only, read_text

CONTACTS_LABELS = """\
"Record ID","First Name","Last Name","Email","Create Date","Lifecycle Stage","Became a Marketing Qualified Lead Date","Became a Sales Qualified Lead Date","Became a Customer Date","Original Source","Contact owner","Country/Region"
"101","Ana","Silva","ana@example.com","2024-03-01 09:15","Customer","2024-03-02 10:00","2024-03-05 11:00","2024-03-20 16:30","Paid Social","Mia Chen","Brazil"
"102","Ben","Ode","ben@example.com","2024-03-03 12:00","Marketing Qualified Lead","2024-03-04 08:00","","","Organic Search","","Nigeria"
"103","Cy","Lo","cy@example.com","not a date","Lead","","","","Direct Traffic","",""
"""  # noqa: E501

CONTACTS_INTERNAL = """\
hs_object_id,createdate,lifecyclestage,hs_lifecyclestage_marketingqualifiedlead_date,hs_lifecyclestage_customer_date,hs_analytics_source,hubspot_owner_id
201,2024-03-01T09:15:00.000Z,customer,2024-03-02T10:00:00.000Z,2024-03-20T16:30:00.000Z,PAID_SOCIAL,12345
"""

DEALS = """\
Record ID,Deal Name,Deal Stage,Amount,Close Date,Create Date,Deal owner,Associated Contact IDs
9001,Glow Serum - Salon A,Closed Won,"1,250.00",2024-03-20,2024-03-06,Mia Chen,101
9002,Salon B,Closed Lost,800,2024-03-22,2024-03-07,Mia Chen,
9003,Salon C,Appointment Scheduled,500,2024-04-30,2024-03-10,Leo Park,102;103
"""


def test_contacts_with_display_labels() -> None:
    frames, health = read_text("contacts.csv", CONTACTS_LABELS)
    leads = only(frames, "leads")
    assert health.format == "hubspot_contacts"
    assert leads["lead_id"].to_list() == ["101", "102"]
    ana = leads.row(0, named=True)
    assert ana["created_at"] == datetime(2024, 3, 1, 9, 15)
    assert ana["mql_at"] == datetime(2024, 3, 2, 10)
    assert ana["sql_at"] == datetime(2024, 3, 5, 11)
    assert ana["won_at"] == datetime(2024, 3, 20, 16, 30)
    assert (ana["channel"], ana["owner"], ana["region"]) == ("paid_social", "Mia Chen", "Brazil")
    assert leads["won_at"].to_list()[1] is None
    assert [(r.line, r.column, r.reason) for r in health.refused] == [
        (4, "Create Date", "'not a date' is not a date")
    ]


def test_stages_reached_without_a_date_are_counted_not_invented() -> None:
    text = (
        "Record ID,Create Date,Lifecycle Stage,Became a Marketing Qualified Lead Date\n"
        "1,2024-03-01,Customer,2024-03-02\n"
        "2,2024-03-01,salesqualifiedlead,\n"
        "3,2024-03-01,Lead,\n"
    )
    frames, health = read_text("c.csv", text)
    assert only(frames, "leads")["mql_at"].null_count() == 2
    assert health.warnings == [
        "c.csv: 1 contact(s) at lifecycle stage Marketing Qualified Lead or later have no "
        "'Became a Marketing Qualified Lead Date'; when they got there is unknown, so they are "
        "not counted at that stage",
        "c.csv: 1 contact(s) at lifecycle stage Customer or later have no 'Became a Customer "
        "Date'; when they got there is unknown, so they are not counted at that stage",
    ]


def test_contacts_with_internal_names_map_the_same_way() -> None:
    frames, health = read_text("contacts.csv", CONTACTS_INTERNAL)
    lead = only(frames, "leads").row(0, named=True)
    assert health.format == "hubspot_contacts"
    assert (lead["lead_id"], lead["channel"], lead["owner"]) == ("201", "paid_social", "12345")
    assert lead["mql_at"] == datetime(2024, 3, 2, 10)
    assert lead["won_at"] == datetime(2024, 3, 20, 16, 30)


def test_deals_stages_and_sources() -> None:
    frames, health = read_text("deals.csv", DEALS)
    deals = only(frames, "deals")
    assert health.format == "hubspot_deals"
    assert deals.select("deal_id", "is_won", "closed_at", "amount", "lead_id", "source").rows() == [
        ("9001", True, datetime(2024, 3, 20), 1250.0, "101", "marketing"),
        ("9002", False, datetime(2024, 3, 22), 800.0, None, "sales"),
        ("9003", None, None, 500.0, "102", "marketing"),
    ]
