//! Decoding and encoding speed of the generated models, against two references.
//!
//! A design goal of the generator is that models decode straight from the JSON stream: the
//! generated `Deserialize` impls read each field into its final type as the parser reaches
//! it (keeping undeclared properties and unknown enum values on the way), and never buffer
//! an object's fields in `serde_json::Value` first, as the official `datadog-api-client`
//! crate's generated code does. This benchmark measures what that is worth.
//!
//! The payloads are the spec's own 200 examples of `ListUsers` (spec/v2/users.yaml) and
//! `ListTeams` (spec/v2/teams.yaml), read at start, with the listed item replicated to 1, 100
//! and 1000 items whose ids, emails, names, flags and dates differ. Each payload is decoded by:
//!
//! - `generated`: `serde_json::from_slice` into the generated `UsersResponse` / `TeamsResponse`;
//! - `derived`: a hand-written `#[derive(Deserialize)]` mirror of the same shape (every field
//!   an `Option`, nothing undeclared kept, enums that fail on an unknown value): the floor;
//! - `official`: the same shape with the official crate's decoding strategy, emulated: every
//!   object reads each entry as `(String, serde_json::Value)` and then converts the value with
//!   `serde_json::from_value`, at every level of nesting; an enum reads a `String`; a `oneOf`
//!   reads a `Value` and tries each variant on a clone of it in turn;
//! - `value`: `serde_json::Value` alone, for scale (the first step of every `official` object).
//!
//! Encoding (`serde_json::to_vec`) is measured for `generated` and `derived`.
//!
//! Before any timing, every decoder's result is re-encoded and compared with the others' and
//! with the payload itself, so a decoder that loses or changes anything fails the benchmark.
//!
//! Run: `cargo bench --manifest-path tests/bench-decode/Cargo.toml`.

use std::hint::black_box;
use std::path::Path;

use chrono::{DateTime, Duration, TimeZone, Utc};
use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

use datadog_api_client::datadogV2::model::{TeamsResponse, UsersResponse};

/// The item counts of the payloads.
const SIZES: [usize; 3] = [1, 100, 1000];

/// A date-time, as the models type `format: date-time`.
type Date = DateTime<Utc>;

// ---------------------------------------------------------------------------------------------
// The mirror models: one list of shapes, expanded twice (derived, official).
// ---------------------------------------------------------------------------------------------

/// Calls `$callback!` with every object schema that the two payloads reach, as the spec declares
/// it: `"json name" field: req|opt Type`.
macro_rules! with_models {
    ($callback:ident) => {
        $callback! {
            struct UsersResponse {
                "data" data: opt Vec<User>,
                "included" included: opt Vec<UserResponseIncludedItem>,
                "meta" meta: opt ResponseMetaAttributes,
            }
            struct User {
                "attributes" attributes: opt UserAttributes,
                "id" id: opt String,
                "relationships" relationships: opt UserResponseRelationships,
                "type" type_: opt UsersType,
            }
            struct UserAttributes {
                "created_at" created_at: opt Date,
                "disabled" disabled: opt bool,
                "email" email: opt String,
                "handle" handle: opt String,
                "icon" icon: opt String,
                "last_login_time" last_login_time: opt Date,
                "mfa_enabled" mfa_enabled: opt bool,
                "modified_at" modified_at: opt Date,
                "name" name: opt String,
                "service_account" service_account: opt bool,
                "status" status: opt String,
                "title" title: opt String,
                "verified" verified: opt bool,
            }
            struct UserResponseRelationships {
                "org" org: opt RelationshipToOrganization,
                "other_orgs" other_orgs: opt RelationshipToOrganizations,
                "other_users" other_users: opt RelationshipToUsers,
                "roles" roles: opt RelationshipToRoles,
            }
            struct RelationshipToOrganization {
                "data" data: req RelationshipToOrganizationData,
            }
            struct RelationshipToOrganizations {
                "data" data: req Vec<RelationshipToOrganizationData>,
            }
            struct RelationshipToOrganizationData {
                "id" id: req String,
                "type" type_: req OrganizationsType,
            }
            struct RelationshipToUsers {
                "data" data: req Vec<RelationshipToUserData>,
            }
            struct RelationshipToUserData {
                "id" id: req String,
                "type" type_: req UsersType,
            }
            struct RelationshipToRoles {
                "data" data: opt Vec<RelationshipToRoleData>,
            }
            struct RelationshipToRoleData {
                "id" id: opt String,
                "type" type_: opt RolesType,
            }
            struct Organization {
                "attributes" attributes: opt OrganizationAttributes,
                "id" id: opt String,
                "type" type_: req OrganizationsType,
            }
            struct OrganizationAttributes {
                "created_at" created_at: opt Date,
                "description" description: opt String,
                "disabled" disabled: opt bool,
                "modified_at" modified_at: opt Date,
                "name" name: opt String,
                "public_id" public_id: opt String,
                "sharing" sharing: opt String,
                "url" url: opt String,
            }
            struct ResponseMetaAttributes {
                "page" page: opt Pagination,
            }
            struct Pagination {
                "total_count" total_count: opt i64,
                "total_filtered_count" total_filtered_count: opt i64,
            }
            struct TeamsResponse {
                "data" data: opt Vec<Team>,
                "included" included: opt Vec<TeamIncluded>,
            }
            struct Team {
                "attributes" attributes: req TeamAttributes,
                "id" id: req String,
                "relationships" relationships: opt TeamRelationships,
                "type" type_: req TeamType,
            }
            struct TeamAttributes {
                "created_at" created_at: opt Date,
                "description" description: opt String,
                "handle" handle: req String,
                "link_count" link_count: opt i32,
                "modified_at" modified_at: opt Date,
                "name" name: req String,
                "summary" summary: opt String,
                "user_count" user_count: opt i32,
            }
            struct TeamRelationships {
                "team_links" team_links: opt RelationshipToTeamLinks,
                "user_team_permissions" user_team_permissions: opt RelationshipToUserTeamPermission,
            }
            struct RelationshipToTeamLinks {
                "data" data: opt Vec<RelationshipToTeamLinkData>,
            }
            struct RelationshipToTeamLinkData {
                "id" id: req String,
                "type" type_: req TeamLinkType,
            }
            struct RelationshipToUserTeamPermission {
                "data" data: opt RelationshipToUserTeamPermissionData,
            }
            struct RelationshipToUserTeamPermissionData {
                "id" id: req String,
                "type" type_: req UserTeamPermissionType,
            }
        }
    };
}

/// Calls `$callback!` with every string enum that the payloads reach: `Name { VARIANT = "value" }`.
macro_rules! with_enums {
    ($callback:ident) => {
        $callback! {
            UsersType { USERS = "users" }
            OrganizationsType { ORGS = "orgs" }
            RolesType { ROLES = "roles" }
            TeamType { TEAM = "team" }
            TeamLinkType { TEAM_LINKS = "team_links" }
            UserTeamPermissionType { USER_TEAM_PERMISSIONS = "user_team_permissions" }
        }
    };
}

/// The floor: plain `#[derive(Deserialize)]`, every field an `Option`, nothing unknown kept.
mod derived {
    use super::Date;
    use serde::{Deserialize, Serialize};

    macro_rules! derived_models {
        ($(struct $name:ident { $($json:literal $field:ident : $kind:ident $ty:ty),* $(,)? })*) => {$(
            #[derive(Debug, Deserialize, Serialize)]
            pub struct $name {
                $(
                    #[serde(rename = $json, default, skip_serializing_if = "Option::is_none")]
                    pub $field: Option<$ty>,
                )*
            }
        )*};
    }

    macro_rules! derived_enums {
        ($($name:ident { $($variant:ident = $value:literal),* })*) => {$(
            #[allow(clippy::upper_case_acronyms, non_camel_case_types)]
            #[derive(Debug, Deserialize, Serialize)]
            pub enum $name {
                $(#[serde(rename = $value)] $variant,)*
            }
        )*};
    }

    with_models!(derived_models);
    with_enums!(derived_enums);

    /// `oneOf` by `type`, as serde derives it: an internally tagged enum.
    #[derive(Debug, Deserialize, Serialize)]
    #[serde(tag = "type")]
    pub enum UserResponseIncludedItem {
        #[serde(rename = "orgs")]
        Organization(Organization),
    }

    /// `oneOf` by `type`, as serde derives it: an internally tagged enum.
    #[derive(Debug, Deserialize, Serialize)]
    #[serde(tag = "type")]
    pub enum TeamIncluded {
        #[serde(rename = "users")]
        User(User),
    }
}

/// The official crate's strategy, emulated on the same shapes: its generated `visit_map` reads
/// `map.next_entry::<String, serde_json::Value>()`, skips nulls, and converts each value with
/// `serde_json::from_value` (an undeclared one with `from_value(v.clone())`); required fields
/// are checked after the loop; an enum field that held an unknown value marks the object
/// `_unparsed`. Enums read a `String`. A `oneOf` reads a `Value` and tries each variant with
/// `from_value(value.clone())`, keeping the first that decodes without `_unparsed`.
mod official {
    use super::Date;
    use serde::de::{Error as _, MapAccess, Visitor};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use serde_json::Value;
    use std::collections::BTreeMap;
    use std::fmt;

    /// Whether a decoded field holds a value the spec does not know (only enums and `oneOf`s).
    pub trait Unparsed {
        fn unparsed(&self) -> bool {
            false
        }
    }
    impl Unparsed for String {}
    impl Unparsed for bool {}
    impl Unparsed for i32 {}
    impl Unparsed for i64 {}
    impl Unparsed for Date {}
    impl<T> Unparsed for Vec<T> {}

    macro_rules! field_type {
        (req $ty:ty) => { $ty };
        (opt $ty:ty) => { Option<$ty> };
    }

    macro_rules! field_finish {
        (req $field:ident $json:literal $map:ident) => {
            $field.ok_or_else(|| $map::Error::missing_field($json))?
        };
        (opt $field:ident $json:literal $map:ident) => {
            $field
        };
    }

    macro_rules! official_models {
        ($(struct $name:ident { $($json:literal $field:ident : $kind:ident $ty:ty),* $(,)? })*) => {$(
            #[derive(Debug, Serialize)]
            pub struct $name {
                $(
                    #[serde(rename = $json)]
                    pub $field: field_type!($kind $ty),
                )*
                #[serde(flatten)]
                pub additional_properties: BTreeMap<String, Value>,
                #[serde(skip)]
                pub _unparsed: bool,
            }

            impl Unparsed for $name {}

            impl<'de> Deserialize<'de> for $name {
                fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    struct ModelVisitor;
                    impl<'a> Visitor<'a> for ModelVisitor {
                        type Value = $name;
                        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                            f.write_str("a mapping")
                        }
                        fn visit_map<M: MapAccess<'a>>(self, mut map: M) -> Result<$name, M::Error> {
                            $(let mut $field: Option<$ty> = None;)*
                            let mut additional_properties: BTreeMap<String, Value> = BTreeMap::new();
                            let mut _unparsed = false;
                            while let Some((k, v)) = map.next_entry::<String, Value>()? {
                                match k.as_str() {
                                    $($json => {
                                        if v.is_null() {
                                            continue;
                                        }
                                        $field = Some(serde_json::from_value(v).map_err(M::Error::custom)?);
                                        if $field.as_ref().is_some_and(Unparsed::unparsed) {
                                            _unparsed = true;
                                        }
                                    })*
                                    &_ => {
                                        if let Ok(value) = serde_json::from_value(v.clone()) {
                                            additional_properties.insert(k, value);
                                        }
                                    }
                                }
                            }
                            $(let $field = field_finish!($kind $field $json M);)*
                            Ok($name { $($field,)* additional_properties, _unparsed })
                        }
                    }
                    deserializer.deserialize_any(ModelVisitor)
                }
            }
        )*};
    }

    macro_rules! official_enums {
        ($($name:ident { $($variant:ident = $value:literal),* })*) => {$(
            #[allow(clippy::upper_case_acronyms, non_camel_case_types)]
            #[derive(Debug)]
            pub enum $name {
                $($variant,)*
                UnparsedObject(Value),
            }

            impl Unparsed for $name {
                fn unparsed(&self) -> bool {
                    matches!(self, Self::UnparsedObject(_))
                }
            }

            impl Serialize for $name {
                fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    match self {
                        $(Self::$variant => serializer.serialize_str($value),)*
                        Self::UnparsedObject(value) => value.serialize(serializer),
                    }
                }
            }

            impl<'de> Deserialize<'de> for $name {
                fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let s: String = String::deserialize(deserializer)?;
                    Ok(match s.as_str() {
                        $($value => Self::$variant,)*
                        _ => Self::UnparsedObject(Value::String(s)),
                    })
                }
            }
        )*};
    }

    with_models!(official_models);
    with_enums!(official_enums);

    /// A `oneOf` the official way: buffer, then try each variant on a clone.
    macro_rules! official_one_of {
        ($name:ident { $($variant:ident),* }) => {
            #[derive(Debug, Serialize)]
            #[serde(untagged)]
            pub enum $name {
                $($variant(Box<$variant>),)*
                UnparsedObject(Value),
            }

            impl Unparsed for $name {
                fn unparsed(&self) -> bool {
                    matches!(self, Self::UnparsedObject(_))
                }
            }

            impl<'de> Deserialize<'de> for $name {
                fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value: Value = Deserialize::deserialize(deserializer)?;
                    $(
                        if let Ok(v) = serde_json::from_value::<Box<$variant>>(value.clone()) {
                            if !v._unparsed {
                                return Ok(Self::$variant(v));
                            }
                        }
                    )*
                    Ok(Self::UnparsedObject(value))
                }
            }
        };
    }

    // The spec's variant order puts the payloads' variant first (Organization, User), so the
    // other variants (Permission, Role; TeamLink, UserTeamPermission) would never be tried.
    official_one_of!(UserResponseIncludedItem { Organization });
    official_one_of!(TeamIncluded { User });
}

// ---------------------------------------------------------------------------------------------
// Payloads
// ---------------------------------------------------------------------------------------------

/// The 200 example of `GET $path` in `spec/v2/$file`.
fn spec_example(file: &str, path: &str) -> Value {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../spec/v2")
        .join(file);
    let text = std::fs::read_to_string(&spec).unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
    let doc: Value = serde_yaml::from_str(&text).expect("the spec is YAML");
    let example = doc["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
        ["example"]
        .clone();
    assert!(example.is_object(), "{file}: GET {path} has a 200 example");
    example
}

/// A date-time `seconds` after the examples' date, with non-zero milliseconds (so that it
/// re-encodes byte for byte: chrono leaves out a zero fraction).
fn date(seconds: i64) -> Value {
    let base = Utc.with_ymd_and_hms(2019, 9, 19, 10, 0, 0).unwrap();
    let millis = 1 + seconds.rem_euclid(997);
    let at = base + Duration::seconds(seconds) + Duration::milliseconds(millis);
    Value::String(at.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
}

/// A UUID-shaped id, different for each `(kind, i)`.
fn uuid(kind: u32, i: usize) -> String {
    format!(
        "{kind:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
        i % 0xffff,
        i % 0xfff,
        (i * 7) % 0xfff,
        i * 2_654_435_761
    )
}

/// The user example (an item of the `ListUsers` 200 example), made the `i`th user.
fn user(template: &Value, i: usize) -> Value {
    const STATUS: [&str; 3] = ["Active", "Pending", "Disabled"];
    const TITLES: [&str; 4] = [
        "Software Engineer",
        "Site Reliability Engineer",
        "Engineering Manager",
        "",
    ];
    const ROLES: [&str; 3] = [
        "3653d3c6-0c75-11ea-ad28-fb5701eabc7d",
        "3653d3c6-0c75-11ea-ad28-fb5701eabc7e",
        "3653d3c6-0c75-11ea-ad28-fb5701eabc7f",
    ];
    let n = i as i64;
    let mut user = template.clone();
    user["id"] = json!(uuid(1, i));
    let attributes = &mut user["attributes"];
    attributes["created_at"] = date(n * 3_607);
    attributes["modified_at"] = date(n * 3_607 + 86_400);
    attributes["last_login_time"] = date(n * 3_607 + 400_000);
    attributes["email"] = json!(format!("first.last{i}@example.com"));
    attributes["handle"] = json!(format!("first.last{i}@example.com"));
    attributes["icon"] = json!(format!(
        "https://secure.gravatar.com/avatar/{:032x}?s=48&d=retro",
        i * 40_503
    ));
    attributes["name"] = json!(format!("First Last {i}"));
    attributes["status"] = json!(STATUS[i % 3]);
    attributes["title"] = json!(TITLES[i % 4]);
    attributes["disabled"] = json!(i % 3 == 2);
    attributes["verified"] = json!(i % 3 != 1);
    attributes["mfa_enabled"] = json!(i.is_multiple_of(2));
    attributes["service_account"] = json!(i % 10 == 9);
    let relationships = &mut user["relationships"];
    relationships["other_users"]["data"][0]["id"] = json!(uuid(1, i + 1));
    relationships["roles"]["data"][0]["id"] = json!(ROLES[i % 3]);
    user
}

/// The `ListUsers` 200 example with `n` users (and its one organization in `included`).
fn users_payload(n: usize) -> Value {
    let mut example = spec_example("users.yaml", "/api/v2/users");
    let template = example["data"][0].clone();
    example["data"] = (0..n).map(|i| user(&template, i)).collect();
    let org = &mut example["included"][0];
    org["id"] = json!(uuid(2, 0));
    org["attributes"]["created_at"] = date(-86_400_000);
    org["attributes"]["modified_at"] = date(-1_234);
    org["attributes"]["name"] = json!("Example Org");
    example["meta"]["page"] = json!({ "total_count": n, "total_filtered_count": n });
    example
}

/// The `ListTeams` 200 example with `n` teams and, in `included`, `n` users (its one user
/// replicated like the `ListUsers` ones).
fn teams_payload(n: usize) -> Value {
    let mut example = spec_example("teams.yaml", "/api/v2/team");
    let team_template = example["data"][0].clone();
    let user_template = example["included"][0].clone();
    example["data"] = (0..n)
        .map(|i| {
            let n = i as i64;
            let mut team = team_template.clone();
            let id = uuid(3, i);
            team["id"] = json!(id);
            let attributes = &mut team["attributes"];
            attributes["created_at"] = date(n * 911);
            attributes["modified_at"] = date(n * 911 + 3_600);
            attributes["description"] =
                json!(format!("Team {i} owns the services of area {}.", i % 17));
            attributes["handle"] = json!(format!("example-team-{i}"));
            attributes["name"] = json!(format!("Example Team {i}"));
            attributes["summary"] = json!(format!("Area {}", i % 17));
            attributes["link_count"] = json!(i % 5);
            attributes["user_count"] = json!(3 + i % 40);
            let relationships = &mut team["relationships"];
            relationships["team_links"]["data"][0]["id"] = json!(uuid(4, i));
            relationships["user_team_permissions"]["data"]["id"] =
                json!(format!("UserTeamPermissions-{id}-{}", 416_595 + i));
            team
        })
        .collect();
    example["included"] = (0..n).map(|i| user(&user_template, i)).collect();
    example
}

// ---------------------------------------------------------------------------------------------
// Checks and benchmarks
// ---------------------------------------------------------------------------------------------

/// A re-encoding with the properties that hold `null` left out (the official emulation writes
/// absent optional fields as `null`; the other two skip them).
fn normalized<T: Serialize>(model: &T) -> Value {
    fn strip(value: &mut Value) {
        match value {
            Value::Object(map) => {
                map.retain(|_, v| !v.is_null());
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut value = serde_json::to_value(model).expect("the model encodes");
    strip(&mut value);
    value
}

/// Decodes `bytes` with each decoder and checks that all give back the payload exactly.
fn check_decoders<G, D, O>(name: &str, bytes: &[u8])
where
    G: DeserializeOwned + Serialize,
    D: DeserializeOwned + Serialize,
    O: DeserializeOwned + Serialize,
{
    let payload: Value = serde_json::from_slice(bytes).expect("the payload is JSON");
    let generated = normalized(&serde_json::from_slice::<G>(bytes).expect("generated decodes"));
    let derived = normalized(&serde_json::from_slice::<D>(bytes).expect("derived decodes"));
    let official = normalized(&serde_json::from_slice::<O>(bytes).expect("official decodes"));
    assert_eq!(
        generated, payload,
        "{name}: the generated model changed the payload"
    );
    assert_eq!(
        derived, payload,
        "{name}: the derived mirror changed the payload"
    );
    assert_eq!(
        official, payload,
        "{name}: the official emulation changed the payload"
    );
}

/// Benchmarks decoding and encoding of one kind of response, at every size.
fn bench_response<G, D, O>(c: &mut Criterion, name: &str, payload: fn(usize) -> Value)
where
    G: DeserializeOwned + Serialize,
    D: DeserializeOwned + Serialize,
    O: DeserializeOwned + Serialize,
{
    for n in SIZES {
        let bytes = serde_json::to_vec(&payload(n)).expect("the payload encodes");
        check_decoders::<G, D, O>(&format!("{name} ({n})"), &bytes);

        let mut group = c.benchmark_group(format!("decode/{name}"));
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        if n >= 100 {
            group.sampling_mode(SamplingMode::Flat);
        }
        group.bench_with_input(BenchmarkId::new("generated", n), &bytes, |b, bytes| {
            b.iter(|| serde_json::from_slice::<G>(black_box(bytes)).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("derived", n), &bytes, |b, bytes| {
            b.iter(|| serde_json::from_slice::<D>(black_box(bytes)).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("official", n), &bytes, |b, bytes| {
            b.iter(|| serde_json::from_slice::<O>(black_box(bytes)).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("value", n), &bytes, |b, bytes| {
            b.iter(|| serde_json::from_slice::<Value>(black_box(bytes)).unwrap())
        });
        group.finish();

        let generated: G = serde_json::from_slice(&bytes).unwrap();
        let derived: D = serde_json::from_slice(&bytes).unwrap();
        let mut group = c.benchmark_group(format!("encode/{name}"));
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        if n >= 100 {
            group.sampling_mode(SamplingMode::Flat);
        }
        group.bench_with_input(BenchmarkId::new("generated", n), &generated, |b, model| {
            b.iter(|| serde_json::to_vec(black_box(model)).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("derived", n), &derived, |b, model| {
            b.iter(|| serde_json::to_vec(black_box(model)).unwrap())
        });
        group.finish();
    }
}

fn users(c: &mut Criterion) {
    bench_response::<UsersResponse, derived::UsersResponse, official::UsersResponse>(
        c,
        "list_users",
        users_payload,
    );
}

fn teams(c: &mut Criterion) {
    bench_response::<TeamsResponse, derived::TeamsResponse, official::TeamsResponse>(
        c,
        "list_teams",
        teams_payload,
    );
}

/// Prints the payload sizes, so that a time per payload can be read as a throughput and back.
fn sizes(_: &mut Criterion) {
    for n in SIZES {
        let users = serde_json::to_vec(&users_payload(n)).unwrap().len();
        let teams = serde_json::to_vec(&teams_payload(n)).unwrap().len();
        println!("payload sizes, {n} items: list_users {users} bytes, list_teams {teams} bytes");
    }
}

criterion_group!(benches, sizes, users, teams);
criterion_main!(benches);
