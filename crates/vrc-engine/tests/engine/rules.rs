//! One test per rule family beyond the seed scenarios, and checks on the pack as a whole.

use vrc_engine::{InventoryItem, Verdict};

use super::common::{context, evaluate, kaspersky_endpoint, render, rules};

fn item(publisher: &str, product: &str) -> InventoryItem {
    InventoryItem::new(publisher, product)
}

/// An item whose row says what kind of product it is.
fn of_kind(publisher: &str, product: &str, category: &str) -> InventoryItem {
    InventoryItem {
        category: Some(category.to_owned()),
        ..item(publisher, product)
    }
}

fn tiktok_on_a_phone() -> InventoryItem {
    InventoryItem {
        device: Some("mobile".to_owned()),
        ..item("TikTok Pte. Ltd.", "TikTok")
    }
}

fn deepseek_app() -> InventoryItem {
    item(
        "Hangzhou DeepSeek Artificial Intelligence Co., Ltd.",
        "DeepSeek - AI Assistant",
    )
}

fn hikvision_camera() -> InventoryItem {
    of_kind(
        "Hangzhou Hikvision Digital Technology Co., Ltd.",
        "Hikvision DS-2CD2143G2 IP camera",
        "video-surveillance",
    )
}

fn dji_drone() -> InventoryItem {
    item("SZ DJI Technology Co., Ltd.", "DJI Mavic 3")
}

fn huawei_5g() -> InventoryItem {
    of_kind(
        "Huawei Technologies Co., Ltd.",
        "Huawei 5G core",
        "telecoms-equipment",
    )
}

fn tencent_cloud() -> InventoryItem {
    item("Tencent Holdings Limited", "Tencent Cloud")
}

fn tp_link_router() -> InventoryItem {
    item("TP-Link Systems Inc.", "Archer AX55 Wi-Fi router")
}

/// (what, jurisdiction, sectors, as of, item, answers, expected verdict)
type Case<'a> = (
    &'a str,
    &'a str,
    &'a [&'a str],
    &'a str,
    InventoryItem,
    &'a [(&'a str, bool)],
    &'a str,
);

#[test]
fn each_instrument_gives_its_verdict() {
    let cases: Vec<Case> = vec![
        (
            "BOD 17-01 before day 1",
            "US",
            &["central-government"],
            "2017-09-01",
            kaspersky_endpoint(),
            &[],
            "clear",
        ),
        (
            "BOD 17-01",
            "US",
            &["central-government"],
            "2017-10-01",
            kaspersky_endpoint(),
            &[],
            "prohibited",
        ),
        (
            "FAR 52.204-23 contractors",
            "US",
            &["government-supplier"],
            "2019-01-01",
            kaspersky_endpoint(),
            &[],
            "prohibited",
        ),
        (
            "BSI warning",
            "DE",
            &["critical-infrastructure"],
            "2022-03-16",
            kaspersky_endpoint(),
            &[],
            "avoid",
        ),
        (
            "BSI before the warning",
            "DE",
            &["enterprise"],
            "2022-03-14",
            kaspersky_endpoint(),
            &[],
            "clear",
        ),
        (
            "Canada mobile, device unknown",
            "CA",
            &["central-government"],
            "2024-01-01",
            kaspersky_endpoint(),
            &[],
            "review: answer needed",
        ),
        (
            "Italy public administrations",
            "IT",
            &["public-sector"],
            "2023-01-01",
            kaspersky_endpoint(),
            &[],
            "prohibited",
        ),
        (
            "Netherlands central government",
            "NL",
            &["central-government"],
            "2019-01-01",
            kaspersky_endpoint(),
            &[],
            "prohibited",
        ),
        (
            "Lithuania",
            "LT",
            &["central-government"],
            "2018-06-01",
            kaspersky_endpoint(),
            &[],
            "prohibited",
        ),
        (
            "US 889 Huawei for agencies",
            "US",
            &["central-government"],
            "2020-01-01",
            item("Huawei Technologies Co., Ltd.", "Huawei router AR650"),
            &[],
            "prohibited",
        ),
        (
            "UK TikTok on government devices",
            "UK",
            &["central-government"],
            "2023-06-01",
            InventoryItem {
                device: Some("mobile".to_owned()),
                ..item("TikTok Pte. Ltd.", "TikTok")
            },
            &[],
            "prohibited",
        ),
        (
            "UK Huawei for a telecoms provider, direction not said",
            "UK",
            &["telecoms-provider"],
            "2023-06-01",
            item("Huawei Technologies Co., Ltd.", "Huawei 5G radio"),
            &[],
            "review: answer needed",
        ),
        (
            "Kaspersky in a country with no rule",
            "FR",
            &["enterprise"],
            "2024-06-01",
            kaspersky_endpoint(),
            &[],
            "clear",
        ),
        // Issue 10, corrections to rules already in the pack.
        (
            "BOD 17-01 excludes Kaspersky Threat Intelligence",
            "US",
            &["central-government"],
            "2018-01-01",
            of_kind(
                "AO Kaspersky Lab",
                "Kaspersky Threat Intelligence Portal",
                "threat-intelligence",
            ),
            &[],
            "clear",
        ),
        (
            "section 1634 reaches Kaspersky threat intelligence from 1 Oct 2018",
            "US",
            &["central-government"],
            "2018-10-01",
            of_kind(
                "AO Kaspersky Lab",
                "Kaspersky Threat Intelligence Portal",
                "threat-intelligence",
            ),
            &[],
            "prohibited",
        ),
        (
            "BSI warning covers the anti-virus portfolio, not the VPN",
            "DE",
            &["enterprise"],
            "2024-06-01",
            of_kind(
                "AO Kaspersky Lab",
                "Kaspersky VPN Secure Connection",
                "security-software",
            ),
            &[],
            "clear",
        ),
        (
            "BSI warning still stands",
            "DE",
            &["individual"],
            "2026-12-06",
            kaspersky_endpoint(),
            &[],
            "avoid",
        ),
        (
            "UK cameras on a sensitive site",
            "UK",
            &["central-government"],
            "2025-06-01",
            hikvision_camera(),
            &[("sensitive-site", true)],
            "prohibited",
        ),
        (
            "UK cameras, site not said",
            "UK",
            &["central-government"],
            "2025-06-01",
            hikvision_camera(),
            &[],
            "review: answer needed",
        ),
        (
            "UK cameras, not a sensitive site",
            "UK",
            &["central-government"],
            "2025-06-01",
            hikvision_camera(),
            &[("sensitive-site", false)],
            "review",
        ),
        (
            "UK cameras at a council: under no obligation",
            "UK",
            &["public-sector"],
            "2024-06-01",
            hikvision_camera(),
            &[],
            "no-action",
        ),
        (
            "UK cameras at a council before the word of April 2024",
            "UK",
            &["public-sector"],
            "2024-04-08",
            hikvision_camera(),
            &[],
            "clear",
        ),
        (
            "UK cameras at a firm",
            "UK",
            &["enterprise"],
            "2024-06-01",
            hikvision_camera(),
            &[],
            "clear",
        ),
        (
            "UK Huawei, provider given a direction",
            "UK",
            &["telecoms-provider"],
            "2023-06-01",
            item("Huawei Technologies Co., Ltd.", "Huawei 5G radio"),
            &[("gb-designated-vendor-direction", true)],
            "prohibited",
        ),
        (
            "UK Huawei, provider not given a direction",
            "UK",
            &["telecoms-provider"],
            "2023-06-01",
            item("Huawei Technologies Co., Ltd.", "Huawei 5G radio"),
            &[("gb-designated-vendor-direction", false)],
            "review",
        ),
        (
            "UK Huawei at a firm that is not a provider",
            "UK",
            &["enterprise"],
            "2023-06-01",
            item("Huawei Technologies Co., Ltd.", "Huawei router AR650"),
            &[],
            "clear",
        ),
        (
            "USF bar on Huawei under 47 CFR 54.9 before the Covered List",
            "US",
            &["telecoms-provider"],
            "2020-09-01",
            item("Huawei Technologies Co., Ltd.", "Huawei router AR650"),
            &[("fcc-subsidy", true)],
            "prohibited",
        ),
        (
            "USF bar on ZTE not yet final",
            "US",
            &["telecoms-provider"],
            "2020-06-29",
            item("ZTE Corporation", "ZTE ZXR10 router"),
            &[("fcc-subsidy", true)],
            "clear",
        ),
        (
            "USF bar: no FCC money",
            "US",
            &["telecoms-provider"],
            "2020-09-01",
            item("Huawei Technologies Co., Ltd.", "Huawei router AR650"),
            &[("fcc-subsidy", false), ("us-federal-grant-funds", false)],
            "clear",
        ),
        (
            "Kaspersky kept installed in the US after updates end",
            "US",
            &["enterprise"],
            "2024-10-01",
            kaspersky_endpoint(),
            &[("fcc-subsidy", false)],
            "avoid",
        ),
        (
            "Kaspersky in a US household after updates end",
            "US",
            &["individual"],
            "2025-01-01",
            kaspersky_endpoint(),
            &[("fcc-subsidy", false)],
            "avoid",
        ),
        (
            "Kaspersky new agreements barred before updates end",
            "US",
            &["enterprise"],
            "2024-08-01",
            kaspersky_endpoint(),
            &[("fcc-subsidy", false)],
            "prohibited",
        ),
        (
            "2 CFR 200.216 reaches a non-profit hospital",
            "US",
            &["enterprise", "critical-infrastructure"],
            "2021-01-01",
            item("Huawei Technologies Co., Ltd.", "Huawei router AR650"),
            &[("us-federal-grant-funds", true), ("fcc-subsidy", false)],
            "prohibited",
        ),
        (
            "2 CFR 200.216 reaches a university",
            "US",
            &["public-sector"],
            "2021-01-01",
            item("ZTE Corporation", "ZTE ZXR10 router"),
            &[("us-federal-grant-funds", true), ("fcc-subsidy", false)],
            "prohibited",
        ),
        (
            "2 CFR 200.216: a firm paying with its own money",
            "US",
            &["enterprise"],
            "2021-01-01",
            item("Huawei Technologies Co., Ltd.", "Huawei router AR650"),
            &[("us-federal-grant-funds", false), ("fcc-subsidy", false)],
            "clear",
        ),
        (
            "2 CFR 200.216 does not ask a household",
            "US",
            &["individual"],
            "2021-01-01",
            item("Huawei Technologies Co., Ltd.", "Huawei router AR650"),
            &[("fcc-subsidy", false)],
            "clear",
        ),
        (
            "FCC Covered List: a DJI camera, not only drones",
            "US",
            &["public-sector"],
            "2026-03-01",
            of_kind(
                "SZ DJI Technology Co., Ltd.",
                "DJI security camera",
                "video-surveillance",
            ),
            &[("fcc-subsidy", true), ("us-federal-grant-funds", false)],
            "prohibited",
        ),
        (
            "FCC Covered List: a DJI drone before the subsidy bar bites",
            // A public body that says its state, which has no rules of its own here.
            "US-CA",
            &["public-sector"],
            "2026-01-15",
            item("SZ DJI Technology Co., Ltd.", "DJI Mavic 3"),
            &[("fcc-subsidy", true), ("us-federal-funds-drone", false)],
            "clear",
        ),
        (
            "FCC Covered List: an Autel drone paid with own money",
            "US",
            &["enterprise"],
            "2026-03-01",
            item("Autel Robotics Co., Ltd.", "Autel EVO II"),
            &[("fcc-subsidy", false), ("us-federal-funds-drone", false)],
            "clear",
        ),
        (
            "FCC Covered List: Autel car diagnostics are not communications equipment",
            "US",
            &["enterprise"],
            "2026-03-01",
            item("Autel Intelligent Technology Corp., Ltd.", "Autel MaxiSys"),
            &[("fcc-subsidy", true)],
            "clear",
        ),
        (
            "Italy circular 4336 before its publication",
            "IT",
            &["public-sector"],
            "2022-04-25",
            kaspersky_endpoint(),
            &[],
            "clear",
        ),
        (
            "Italy circular 4336 from its publication",
            "IT",
            &["public-sector"],
            "2022-04-26",
            kaspersky_endpoint(),
            &[],
            "prohibited",
        ),
        (
            "Netherlands ABDO defence supplier",
            "NL",
            &["government-supplier"],
            "2019-01-01",
            kaspersky_endpoint(),
            &[("nl-abdo-defence-supplier", true)],
            "avoid",
        ),
        (
            "Netherlands supplier outside ABDO",
            "NL",
            &["government-supplier"],
            "2019-01-01",
            kaspersky_endpoint(),
            &[("nl-abdo-defence-supplier", false)],
            "clear",
        ),
        (
            "Netherlands supplier, ABDO not said",
            "NL",
            &["government-supplier"],
            "2019-01-01",
            kaspersky_endpoint(),
            &[],
            "review: answer needed",
        ),
        // Issue 10, new instruments: TikTok on government devices.
        (
            "US agencies: No TikTok on Government Devices Act and M-23-13",
            "US",
            &["central-government"],
            "2023-03-01",
            tiktok_on_a_phone(),
            &[],
            "prohibited",
        ),
        (
            "US agencies before M-23-13",
            "US",
            &["central-government"],
            "2023-01-15",
            tiktok_on_a_phone(),
            &[],
            "clear",
        ),
        (
            "US contractors: FAR 52.204-27",
            "US",
            &["government-supplier"],
            "2023-07-01",
            tiktok_on_a_phone(),
            &[],
            "prohibited",
        ),
        (
            "US household with TikTok",
            "US",
            &["individual"],
            "2026-12-06",
            tiktok_on_a_phone(),
            &[],
            "clear",
        ),
        (
            "US firm with TikTok",
            "US",
            &["enterprise"],
            "2026-12-06",
            tiktok_on_a_phone(),
            &[],
            "clear",
        ),
        (
            "US agencies: CapCut is not the covered application",
            "US",
            &["central-government"],
            "2026-12-06",
            InventoryItem {
                device: Some("mobile".to_owned()),
                ..item("Bytedance Pte. Ltd.", "CapCut")
            },
            &[],
            "clear",
        ),
        (
            "Australia PSPF 001-2023",
            "AU",
            &["central-government"],
            "2023-05-01",
            tiktok_on_a_phone(),
            &[],
            "prohibited",
        ),
        (
            "Australia before PSPF 001-2023",
            "AU",
            &["central-government"],
            "2023-04-03",
            tiktok_on_a_phone(),
            &[],
            "clear",
        ),
        (
            "Canada TikTok on a government phone",
            "CA",
            &["central-government"],
            "2023-03-01",
            tiktok_on_a_phone(),
            &[],
            "prohibited",
        ),
        (
            "Canada TikTok on a government laptop",
            "CA",
            &["central-government"],
            "2023-03-01",
            InventoryItem {
                device: Some("laptop".to_owned()),
                ..item("TikTok Pte. Ltd.", "TikTok")
            },
            &[],
            "clear",
        ),
        (
            "Canada household",
            "CA",
            &["individual"],
            "2023-03-01",
            tiktok_on_a_phone(),
            &[],
            "clear",
        ),
        (
            "France State work phone",
            "FR",
            &["central-government"],
            "2023-04-01",
            tiktok_on_a_phone(),
            &[],
            "prohibited",
        ),
        (
            "France local authority",
            "FR",
            &["public-sector"],
            "2023-04-01",
            tiktok_on_a_phone(),
            &[],
            "clear",
        ),
        (
            "NZ parliamentary network",
            "NZ",
            &["central-government"],
            "2023-04-01",
            tiktok_on_a_phone(),
            &[("nz-parliamentary-network", true)],
            "prohibited",
        ),
        (
            "NZ department off the parliamentary network",
            "NZ",
            &["central-government"],
            "2023-04-01",
            tiktok_on_a_phone(),
            &[("nz-parliamentary-network", false)],
            "clear",
        ),
        (
            "NZ household",
            "NZ",
            &["individual"],
            "2023-04-01",
            tiktok_on_a_phone(),
            &[],
            "clear",
        ),
        (
            "TikTok on a government phone where the pack has no rule",
            "DE",
            &["central-government"],
            "2026-12-06",
            tiktok_on_a_phone(),
            &[],
            "clear",
        ),
        // Issue 10, new instruments: DeepSeek on government devices.
        (
            "Australia PSPF 001-2025",
            "AU",
            &["central-government"],
            "2025-02-05",
            deepseek_app(),
            &[],
            "prohibited",
        ),
        (
            "Australia before PSPF 001-2025",
            "AU",
            &["central-government"],
            "2025-02-03",
            deepseek_app(),
            &[],
            "clear",
        ),
        (
            "Australian household with DeepSeek",
            "AU",
            &["individual"],
            "2025-06-01",
            deepseek_app(),
            &[],
            "clear",
        ),
        (
            "Australia: Microsoft DeepSpeed is not DeepSeek",
            "AU",
            &["central-government"],
            "2025-06-01",
            item("Microsoft", "DeepSpeed"),
            &[],
            "clear",
        ),
        (
            "US intelligence-community national security system",
            "US",
            &["national-security"],
            "2026-01-01",
            deepseek_app(),
            &[("us-ic-national-security-system", true)],
            "prohibited",
        ),
        (
            "US defence system outside the intelligence community",
            "US",
            &["national-security"],
            "2026-01-01",
            deepseek_app(),
            &[("us-ic-national-security-system", false)],
            "clear",
        ),
        (
            "US agency, system not said",
            "US",
            &["central-government"],
            "2026-01-01",
            deepseek_app(),
            &[],
            "review: answer needed",
        ),
        (
            "US firm with DeepSeek",
            "US",
            &["enterprise"],
            "2026-01-01",
            deepseek_app(),
            &[],
            "clear",
        ),
        (
            "Taiwan public school",
            "TW",
            &["public-sector"],
            "2025-03-01",
            deepseek_app(),
            &[],
            "prohibited",
        ),
        (
            "Taiwan household",
            "TW",
            &["individual"],
            "2025-03-01",
            deepseek_app(),
            &[],
            "clear",
        ),
        (
            "Czech state administration",
            "CZ",
            &["central-government"],
            "2025-08-01",
            deepseek_app(),
            &[],
            "prohibited",
        ),
        (
            "Czech regulated operator: NÚKIB warning",
            "CZ",
            &["critical-infrastructure"],
            "2025-08-01",
            deepseek_app(),
            &[],
            "review",
        ),
        (
            "Czech household",
            "CZ",
            &["individual"],
            "2025-08-01",
            deepseek_app(),
            &[],
            "clear",
        ),
        (
            "UK household: a personal choice",
            "UK",
            &["individual"],
            "2025-03-01",
            deepseek_app(),
            &[],
            "no-action",
        ),
        (
            "UK household before the statement",
            "UK",
            &["individual"],
            "2025-02-16",
            deepseek_app(),
            &[],
            "clear",
        ),
        (
            "UK department: no DeepSeek ban found",
            "UK",
            &["central-government"],
            "2025-03-01",
            deepseek_app(),
            &[],
            "clear",
        ),
        // Issue 10, instrument 5: American Security Drone Act.
        (
            "ASDA: an agency buys a DJI drone",
            "US",
            &["central-government"],
            "2024-06-01",
            dji_drone(),
            &[],
            "prohibited",
        ),
        (
            "ASDA: the day before enactment",
            "US",
            &["central-government"],
            "2023-12-21",
            dji_drone(),
            &[],
            "clear",
        ),
        (
            "ASDA: an agency flies an Autel drone after 22 Dec 2025",
            "US",
            &["national-security"],
            "2026-01-15",
            item("Autel Robotics Co., Ltd.", "Autel EVO II Pro"),
            &[],
            "prohibited",
        ),
        (
            "ASDA: after the sunset of 22 Dec 2028",
            "US",
            &["central-government"],
            "2028-12-22",
            dji_drone(),
            &[("fcc-subsidy", false), ("us-dod-contract", false)],
            "clear",
        ),
        (
            "ASDA: a university flies a DJI drone on a federal grant",
            "US",
            &["public-sector"],
            "2026-01-15",
            dji_drone(),
            &[("us-federal-funds-drone", true)],
            "prohibited",
        ),
        (
            "ASDA: federal funds not said",
            "US",
            &["public-sector"],
            "2026-01-15",
            dji_drone(),
            &[],
            "review: answer needed",
        ),
        (
            "ASDA: a firm flies a DJI drone with its own money",
            "US",
            &["enterprise"],
            "2026-01-15",
            dji_drone(),
            &[("us-federal-funds-drone", false)],
            "clear",
        ),
        (
            "ASDA: the federal-funds bar before 22 Dec 2025",
            // A public body that says its state, which has no rules of its own here.
            "US-CA",
            &["public-sector"],
            "2025-06-01",
            dji_drone(),
            &[("us-federal-funds-drone", true)],
            "clear",
        ),
        (
            "ASDA: a household's DJI drone",
            "US",
            &["individual"],
            "2026-01-15",
            dji_drone(),
            &[],
            "clear",
        ),
        (
            "ASDA: a UK department's DJI drone",
            "UK",
            &["central-government"],
            "2026-01-15",
            dji_drone(),
            &[],
            "clear",
        ),
        (
            "ASDA: a DJI camera gimbal is not a drone",
            "US",
            &["central-government"],
            "2024-06-01",
            item("SZ DJI Technology Co., Ltd.", "DJI Osmo Pocket 3"),
            &[],
            "clear",
        ),
        // Issue 10, instrument 6: Germany, Huawei and ZTE out of the 5G core.
        (
            "Germany: Huawei in an operator's 5G core",
            "DE",
            &["telecoms-provider"],
            "2026-12-06",
            huawei_5g(),
            &[("de-5g-core-network", true)],
            "prohibited",
        ),
        (
            "Germany: operator, core not said",
            "DE",
            &["telecoms-provider"],
            "2026-12-06",
            huawei_5g(),
            &[],
            "review: answer needed",
        ),
        (
            "Germany: ZTE outside the 5G core",
            "DE",
            &["telecoms-provider"],
            "2026-12-06",
            of_kind("ZTE Corporation", "ZTE ZXR10 router", "telecoms-equipment"),
            &[("de-5g-core-network", false)],
            "review",
        ),
        (
            "Germany: before the agreement of 11 Jul 2024",
            "DE",
            &["telecoms-provider"],
            "2024-07-10",
            huawei_5g(),
            &[("de-5g-core-network", true)],
            "clear",
        ),
        (
            "Germany: a firm's Huawei router",
            "DE",
            &["enterprise"],
            "2026-12-06",
            item("Huawei Technologies Co., Ltd.", "Huawei router AR650"),
            &[],
            "clear",
        ),
        (
            "Germany: a household's Huawei phone",
            "DE",
            &["individual"],
            "2026-12-06",
            item("Huawei Device Co., Ltd.", "Huawei P30 smartphone"),
            &[],
            "clear",
        ),
        (
            "Germany's agreement does not reach a French operator",
            "FR",
            &["telecoms-provider"],
            "2026-12-06",
            huawei_5g(),
            &[("de-5g-core-network", true)],
            "clear",
        ),
        // Issue 10, instrument 8: Sweden, PTS 5G licence conditions.
        (
            "Sweden: licence holder with Huawei",
            "SE",
            &["telecoms-provider"],
            "2025-06-01",
            huawei_5g(),
            &[("se-pts-5g-licence", true)],
            "prohibited",
        ),
        (
            "Sweden: operator, licence not said",
            "SE",
            &["telecoms-provider"],
            "2025-06-01",
            huawei_5g(),
            &[],
            "review: answer needed",
        ),
        (
            "Sweden: operator without a 3.5/2.3 GHz licence",
            "SE",
            &["telecoms-provider"],
            "2025-06-01",
            huawei_5g(),
            &[("se-pts-5g-licence", false)],
            "clear",
        ),
        (
            "Sweden: before the PTS decision",
            "SE",
            &["telecoms-provider"],
            "2020-10-19",
            huawei_5g(),
            &[("se-pts-5g-licence", true)],
            "clear",
        ),
        (
            "Sweden: a firm's Huawei router",
            "SE",
            &["enterprise"],
            "2025-06-01",
            item("Huawei Technologies Co., Ltd.", "Huawei router AR650"),
            &[],
            "clear",
        ),
        (
            "Sweden: a household",
            "SE",
            &["individual"],
            "2025-06-01",
            huawei_5g(),
            &[],
            "clear",
        ),
        // Issue 10, instrument 7: FY2024 NDAA section 805 (1260H list).
        (
            "s.805: a Defense Department contract with Tencent",
            "US",
            &["national-security"],
            "2026-12-06",
            tencent_cloud(),
            &[("us-dod-contract", true)],
            "prohibited",
        ),
        (
            "s.805: the day before 30 Jun 2026",
            "US",
            &["national-security"],
            "2026-06-29",
            tencent_cloud(),
            &[("us-dod-contract", true)],
            "clear",
        ),
        (
            "s.805: not a Defense Department contract",
            "US",
            &["central-government"],
            "2026-12-06",
            tencent_cloud(),
            &[("us-dod-contract", false)],
            "clear",
        ),
        (
            "s.805: contract not said",
            "US",
            &["central-government"],
            "2026-12-06",
            tencent_cloud(),
            &[],
            "review: answer needed",
        ),
        (
            "s.805: a contractor's Tencent product before the goods bar",
            "US",
            &["government-supplier"],
            "2026-12-06",
            tencent_cloud(),
            &[("us-dod-contract", true)],
            "clear",
        ),
        (
            "s.805: a contractor's Tencent product from 30 Jun 2027",
            "US",
            &["government-supplier"],
            "2027-07-01",
            tencent_cloud(),
            &[("us-dod-contract", true)],
            "prohibited",
        ),
        (
            "s.805: a contractor's Autel Robotics drone from 30 Jun 2027",
            "US",
            &["government-supplier"],
            "2027-07-01",
            item("Autel Robotics Co., Ltd.", "Autel EVO II"),
            &[
                ("us-dod-contract", true),
                ("us-federal-funds-drone", false),
                ("fcc-subsidy", false),
            ],
            "prohibited",
        ),
        (
            "s.805: Autel's diagnostic tools are not Autel Robotics'",
            "US",
            &["national-security"],
            "2027-07-01",
            of_kind(
                "Autel Intelligent Technology Corp., Ltd.",
                "Autel MaxiSys",
                "other",
            ),
            &[("us-dod-contract", true), ("fcc-subsidy", false)],
            "clear",
        ),
        (
            "s.805: a firm's Tencent product",
            "US",
            &["enterprise"],
            "2027-07-01",
            tencent_cloud(),
            &[],
            "clear",
        ),
        (
            "s.805: a household's Tencent app",
            "US",
            &["individual"],
            "2027-07-01",
            tencent_cloud(),
            &[],
            "clear",
        ),
        (
            "s.805: the UK defence ministry",
            "UK",
            &["national-security"],
            "2027-07-01",
            tencent_cloud(),
            &[("us-dod-contract", true)],
            "clear",
        ),
        // Texas: a state's own rules, for its public bodies.
        (
            "Texas: TikTok on a city's phone (chapter 620)",
            "US-TX",
            &["public-sector"],
            "2024-01-01",
            tiktok_on_a_phone(),
            &[("us-tx-state-agency", false)],
            "prohibited",
        ),
        (
            "Texas: TikTok before SB 1893 and outside the Governor's list",
            "US-TX",
            &["public-sector"],
            "2023-06-13",
            tiktok_on_a_phone(),
            &[("us-tx-state-agency", false)],
            "clear",
        ),
        (
            "Texas: Kaspersky at a state agency",
            "US-TX",
            &["public-sector"],
            "2024-01-01",
            kaspersky_endpoint(),
            &[("us-tx-state-agency", true)],
            "prohibited",
        ),
        (
            "Texas: Kaspersky at a county, which the Governor's list does not bind",
            "US-TX",
            &["public-sector"],
            "2024-01-01",
            kaspersky_endpoint(),
            &[("us-tx-state-agency", false), ("fcc-subsidy", false)],
            "clear",
        ),
        (
            "Texas: Kaspersky at a public body that has not said whether it is a state agency",
            "US-TX",
            &["public-sector"],
            "2024-01-01",
            kaspersky_endpoint(),
            &[],
            "review: answer needed",
        ),
        (
            "Texas: DeepSeek at a state university after 31 Jan 2025",
            "US-TX",
            &["public-sector"],
            "2025-02-01",
            deepseek_app(),
            &[("us-tx-state-agency", true)],
            "prohibited",
        ),
        (
            "Texas: DeepSeek at a state agency the day before",
            "US-TX",
            &["public-sector"],
            "2025-01-30",
            deepseek_app(),
            &[("us-tx-state-agency", true)],
            "clear",
        ),
        (
            "Texas: a TP-Link router at a state agency after 26 Jan 2026",
            "US-TX",
            &["public-sector"],
            "2026-02-01",
            tp_link_router(),
            &[("us-tx-state-agency", true), ("fcc-subsidy", false)],
            "prohibited",
        ),
        (
            "Texas: a Texan company's Kaspersky",
            "US-TX",
            &["enterprise"],
            "2026-02-01",
            kaspersky_endpoint(),
            &[],
            "avoid",
        ),
        (
            "Texas: a US public body that has not said its state is asked",
            "US",
            &["public-sector"],
            "2024-01-01",
            tiktok_on_a_phone(),
            &[("us-tx-state-agency", false)],
            "review: answer needed",
        ),
        (
            "Texas: another state's public body",
            "US-CA",
            &["public-sector"],
            "2024-01-01",
            tiktok_on_a_phone(),
            &[("us-tx-state-agency", true)],
            "clear",
        ),
        (
            "Texas: a state agency is under federal rules too",
            "US-TX",
            &["central-government"],
            "2024-01-01",
            tiktok_on_a_phone(),
            &[],
            "prohibited",
        ),
        // New Zealand: the parliamentary network, 2025.
        (
            "NZ Parliament: DeepSeek on a device on the parliamentary network",
            "NZ",
            &["public-sector"],
            "2025-02-20",
            deepseek_app(),
            &[("nz-parliamentary-network", true)],
            "prohibited",
        ),
        (
            "NZ Parliament: DeepSeek the day before",
            "NZ",
            &["public-sector"],
            "2025-02-19",
            deepseek_app(),
            &[("nz-parliamentary-network", true)],
            "clear",
        ),
        (
            "NZ Parliament: WeChat from 24 Feb 2025",
            "NZ",
            &["public-sector"],
            "2025-02-24",
            item("Tencent Holdings Limited", "WeChat"),
            &[("nz-parliamentary-network", true)],
            "prohibited",
        ),
        (
            "NZ Parliament: WeChat between the two bans",
            "NZ",
            &["public-sector"],
            "2025-02-22",
            item("Tencent Holdings Limited", "WeChat"),
            &[("nz-parliamentary-network", true)],
            "clear",
        ),
        (
            "NZ Parliament: WeChat on a device off the network",
            "NZ",
            &["public-sector"],
            "2025-03-01",
            item("Tencent Holdings Limited", "WeChat"),
            &[("nz-parliamentary-network", false)],
            "clear",
        ),
        // Australia: the Department of Defence's own estate.
        (
            "AU Defence: a Hikvision camera on a Defence base",
            "AU",
            &["national-security"],
            "2023-03-01",
            hikvision_camera(),
            &[("au-defence-estate", true)],
            "prohibited",
        ),
        (
            "AU Defence: the same camera before the Minister's order",
            "AU",
            &["national-security"],
            "2023-02-08",
            hikvision_camera(),
            &[("au-defence-estate", true)],
            "clear",
        ),
        (
            "AU Defence: another department's camera",
            "AU",
            &["central-government"],
            "2023-03-01",
            hikvision_camera(),
            &[("au-defence-estate", false)],
            "clear",
        ),
        (
            "AU Defence: a department that has not said where the camera is",
            "AU",
            &["central-government"],
            "2023-03-01",
            hikvision_camera(),
            &[],
            "review: answer needed",
        ),
        (
            "AU Defence: an Australian firm's camera",
            "AU",
            &["enterprise"],
            "2023-03-01",
            hikvision_camera(),
            &[],
            "clear",
        ),
        // The European Commission's own devices.
        (
            "EU: TikTok on a Commission device",
            "EU",
            &["central-government"],
            "2023-03-01",
            tiktok_on_a_phone(),
            &[("eu-commission-device", true)],
            "prohibited",
        ),
        (
            "EU: TikTok on another EU body's device",
            "EU",
            &["central-government"],
            "2023-03-01",
            tiktok_on_a_phone(),
            &[("eu-commission-device", false)],
            "clear",
        ),
        (
            "EU: a member state's ministry is not under the Commission's decision",
            "DE",
            &["central-government"],
            "2023-03-01",
            tiktok_on_a_phone(),
            &[("eu-commission-device", true)],
            "clear",
        ),
        (
            "EU: the day before the decision",
            "EU",
            &["central-government"],
            "2023-02-22",
            tiktok_on_a_phone(),
            &[("eu-commission-device", true)],
            "clear",
        ),
        // Foreign-produced consumer routers (FCC, 23 Mar 2026).
        (
            "FCC routers: a household keeps its TP-Link router",
            "US",
            &["individual"],
            "2026-04-01",
            tp_link_router(),
            &[],
            "no-action",
        ),
        (
            "FCC routers: before the listing",
            "US",
            &["individual"],
            "2026-03-22",
            tp_link_router(),
            &[],
            "clear",
        ),
        (
            "FCC routers: a school paying with E-Rate after the subsidy bar",
            "US-CA",
            &["public-sector"],
            "2026-06-01",
            tp_link_router(),
            &[("fcc-subsidy", true)],
            "prohibited",
        ),
        (
            "FCC routers: a school paying with E-Rate before the subsidy bar bites",
            "US-CA",
            &["public-sector"],
            "2026-05-21",
            tp_link_router(),
            &[("fcc-subsidy", true)],
            "no-action",
        ),
        (
            "FCC routers: a firm that has not said how it pays is asked",
            "US",
            &["enterprise"],
            "2026-06-01",
            tp_link_router(),
            &[],
            "review: answer needed",
        ),
        (
            "FCC routers: TP-Link's enterprise switches are not consumer routers",
            "US",
            &["individual"],
            "2026-06-01",
            item("TP-Link Systems Inc.", "Omada Controller"),
            &[],
            "clear",
        ),
        (
            "FCC routers: a UK household",
            "GB",
            &["individual"],
            "2026-06-01",
            tp_link_router(),
            &[],
            "clear",
        ),
    ];
    let wrong: Vec<String> = cases
        .into_iter()
        .filter_map(|(what, j, sectors, as_of, item, answers, want)| {
            let mut ctx = context(j, sectors, None, as_of);
            for (q, a) in answers {
                ctx.answers.insert((*q).to_owned(), *a);
            }
            let e = evaluate(&ctx, &item);
            (e.outcome.verdict_words() != want)
                .then(|| format!("{what}: want {want}\n{}", render(&e)))
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn canada_applies_to_mobile_devices() {
    let mut ctx = context("CA", &["central-government"], None, "2024-01-01");
    ctx.device = Some("mobile".to_owned());
    assert_eq!(
        evaluate(&ctx, &kaspersky_endpoint()).outcome.verdict,
        Verdict::Prohibited
    );
}

#[test]
fn uk_sensitive_sites_carry_the_april_2025_removal_deadline() {
    let mut ctx = context("UK", &["central-government"], None, "2024-06-01");
    ctx.answers.insert("sensitive-site".to_owned(), true);
    let e = evaluate(&ctx, &hikvision_camera());
    let deadline = e
        .outcome
        .findings
        .iter()
        .filter(|f| f.rule == "gb-wms-2022-surveillance-cameras-sensitive-sites")
        .flat_map(|f| &f.deadlines)
        .find(|d| d.date.to_string() == "2025-04-01")
        .unwrap_or_else(|| panic!("{}", render(&e)));
    assert!(!deadline.passed);
}

#[test]
fn bod_17_01_leaves_threat_intelligence_to_section_1634() {
    let e = evaluate(
        &context("US", &["central-government"], None, "2019-01-01"),
        &of_kind(
            "AO Kaspersky Lab",
            "Kaspersky Threat Intelligence Portal",
            "threat-intelligence",
        ),
    );
    assert!(
        e.outcome
            .not_applied
            .iter()
            .any(|n| n.rule == "us-bod-17-01" && n.code == vrc_engine::eval::WhyCode::Category),
        "{}",
        render(&e)
    );
    assert!(
        e.outcome
            .findings
            .iter()
            .any(|f| f.rule == "us-ndaa-fy2018-1634"),
        "{}",
        render(&e)
    );
}

#[test]
fn every_rule_cites_a_dated_source() {
    for rule in rules().rules() {
        assert!(!rule.sources.is_empty(), "{}", rule.id);
        for s in &rule.sources {
            assert!(
                s.url.starts_with("https://") || s.url.starts_with("http://"),
                "{}: {}",
                rule.id,
                s.url
            );
        }
    }
}

#[test]
fn every_fact_row_is_encoded() {
    // One jurisdiction per FACTS.md instrument family.
    for j in [
        "GB", "US", "NZ", "DE", "AU", "CA", "IT", "NL", "LT", "FR", "TW", "CZ",
    ] {
        assert!(
            rules().rules().any(|r| r.jurisdiction.as_str() == j),
            "no rule for {j}"
        );
    }
    let ids: Vec<&str> = rules().entities().iter().map(|e| e.id.as_str()).collect();
    for e in [
        "kaspersky",
        "huawei",
        "zte",
        "hytera",
        "hikvision",
        "dahua",
        "china-mobile",
        "china-telecom",
        "china-unicom",
        "group-ib",
        "dji",
        "autel",
        "bytedance",
        "tencent",
        "deepseek",
    ] {
        assert!(ids.contains(&e), "no entity {e}: {ids:?}");
    }
}

#[test]
fn the_committed_schemas_are_current() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs");
    for (file, schema) in [
        ("rule-pack.schema.json", vrc_engine::schema::rule_pack()),
        ("report.schema.json", vrc_engine::schema::report()),
    ] {
        let want = serde_json::to_string_pretty(&schema).unwrap() + "\n";
        let path = root.join(file);
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        if have != want {
            if std::env::var_os("VRC_BLESS").is_some() {
                std::fs::write(&path, want).unwrap();
            } else {
                panic!(
                    "{} is out of date: run `VRC_BLESS=1 cargo test -p vrc-engine` and commit it",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn the_builtin_pack_validates_against_its_json_schema() {
    let schema = vrc_engine::schema::rule_pack();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for (name, text) in vrc_engine::load::builtin_files() {
        let value: toml::Value = toml::from_str(text).unwrap();
        let json = serde_json::to_value(&value).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name}:\n{}", errors.join("\n"));
    }
    // And the schema is not vacuous: a verdict outside the scale fails it.
    let bad = serde_json::json!({ "rule": [{ "id": "x", "verdict": "maybe" }] });
    assert!(!validator.is_valid(&bad));
}

#[test]
fn a_report_validates_against_its_json_schema() {
    let schema = vrc_engine::schema::report();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let ctx = context("UK", &["central-government"], Some("SECRET"), "2024-06-01");
    let items = vec![
        kaspersky_endpoint(),
        item("Kaspresky Lab", "Endpoint Agent"),
        item("Mozilla", "Firefox"),
        item("Huawei Technologies Co., Ltd.", "Huawei router AR650"),
    ];
    let assessment = vrc_engine::assess(rules(), &ctx, items);
    let report = vrc_engine::report::Report::new(rules(), &assessment, Vec::new());
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&json)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}
