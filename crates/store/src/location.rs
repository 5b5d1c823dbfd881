//! Where a store is: a folder holding the embedded SQLite file, or a PostgreSQL database
//! shared by several machines. Parsed once from `--db`, so an opener never guesses.

use std::fmt;
use std::path::PathBuf;

/// A store's place, as `--db` gives it: anything starting with `postgres://` or
/// `postgresql://` is a PostgreSQL database, anything else a folder.
#[derive(Debug, Clone)]
pub enum StoreLocation {
    /// A folder with `marsad.sqlite` (and, by default, the search index) in it.
    Folder(PathBuf),
    Postgres(PgLocation),
}

/// A PostgreSQL database: the connection settings, and how messages name it (the URL without
/// its password, which must never reach a log).
#[derive(Clone)]
pub struct PgLocation {
    pub(crate) config: Box<postgres::Config>,
    shown: String,
}

/// A `--db` value that names a PostgreSQL database but cannot be used, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct LocationError(String);

impl StoreLocation {
    pub fn parse(s: &str) -> Result<StoreLocation, LocationError> {
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            PgLocation::parse(s).map(StoreLocation::Postgres)
        } else {
            Ok(StoreLocation::Folder(PathBuf::from(s)))
        }
    }
}

impl std::str::FromStr for StoreLocation {
    type Err = LocationError;

    fn from_str(s: &str) -> Result<StoreLocation, LocationError> {
        StoreLocation::parse(s)
    }
}

impl fmt::Display for StoreLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreLocation::Folder(dir) => write!(f, "{}", dir.display()),
            StoreLocation::Postgres(pg) => f.write_str(&pg.shown),
        }
    }
}

impl PgLocation {
    fn parse(url: &str) -> Result<PgLocation, LocationError> {
        // The parser's own message may quote the URL, password and all: say what is wrong
        // without it.
        let config: postgres::Config = url.parse().map_err(|_| {
            LocationError("the PostgreSQL URL cannot be read (expected postgres://USER@HOST[:PORT]/DATABASE)".into())
        })?;
        if config.get_user().is_none() {
            return Err(LocationError("the PostgreSQL URL names no user (expected postgres://USER@HOST[:PORT]/DATABASE)".into()));
        }
        if config.get_dbname().is_none() {
            return Err(LocationError("the PostgreSQL URL names no database (expected postgres://USER@HOST[:PORT]/DATABASE)".into()));
        }
        if config.get_hosts().is_empty() {
            return Err(LocationError("the PostgreSQL URL names no host (expected postgres://USER@HOST[:PORT]/DATABASE)".into()));
        }
        Ok(PgLocation::from_config(Box::new(config)))
    }

    fn from_config(config: Box<postgres::Config>) -> PgLocation {
        let hosts: Vec<String> = config
            .get_hosts()
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let host = match h {
                    postgres::config::Host::Tcp(name) => name.clone(),
                    postgres::config::Host::Unix(dir) => dir.display().to_string(),
                };
                match config.get_ports().get(i).or(config.get_ports().first()) {
                    Some(port) => format!("{host}:{port}"),
                    None => host,
                }
            })
            .collect();
        let shown = format!(
            "postgres://{}@{}/{}",
            config.get_user().unwrap_or_default(),
            hosts.join(","),
            config.get_dbname().unwrap_or_default()
        );
        PgLocation { config, shown }
    }

    /// The database's name on its server.
    pub fn dbname(&self) -> &str {
        self.config.get_dbname().unwrap_or_default()
    }

    /// The same server and user, another database (tests make one per test).
    pub fn with_dbname(&self, dbname: &str) -> PgLocation {
        let mut config = self.config.clone();
        config.dbname(dbname);
        PgLocation::from_config(config)
    }

    /// A name for the server and database fit for a folder name: `host-port-dbname`, with
    /// anything but ASCII letters, digits, `-` and `_` replaced by `_`.
    pub fn folder_name(&self) -> String {
        let host = match self.config.get_hosts().first() {
            Some(postgres::config::Host::Tcp(name)) => name.clone(),
            Some(postgres::config::Host::Unix(dir)) => dir.display().to_string(),
            None => String::new(),
        };
        let port = self.config.get_ports().first().copied().unwrap_or(5432);
        format!("{host}-{port}-{}", self.dbname())
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' })
            .collect()
    }
}

impl fmt::Display for PgLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown)
    }
}

impl fmt::Debug for PgLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PgLocation({})", self.shown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn a_postgres_url_is_a_database_and_is_shown_without_its_password() {
        let loc = StoreLocation::parse("postgres://marsad:s3cret@db.example:6543/news?sslmode=disable").unwrap();
        let StoreLocation::Postgres(pg) = &loc else { panic!("{loc:?}") };
        assert_eq!(loc.to_string(), "postgres://marsad@db.example:6543/news");
        assert!(!format!("{loc:?}").contains("s3cret"));
        assert_eq!(pg.dbname(), "news");
        assert_eq!(pg.folder_name(), "db_example-6543-news");
        assert_eq!(pg.with_dbname("other").to_string(), "postgres://marsad@db.example:6543/other");
        assert!(matches!(StoreLocation::parse("postgresql://u@h/d").unwrap(), StoreLocation::Postgres(_)));
    }

    #[test]
    fn anything_else_is_a_folder() {
        assert!(matches!(StoreLocation::parse("./marsad-data").unwrap(), StoreLocation::Folder(p) if p == Path::new("./marsad-data")));
        assert!(matches!(StoreLocation::parse("postgres-data").unwrap(), StoreLocation::Folder(_)));
    }

    #[test]
    fn an_incomplete_url_is_refused_without_echoing_the_password() {
        let no_db = StoreLocation::parse("postgres://u:pw@h").unwrap_err();
        assert!(no_db.to_string().contains("no database"), "{no_db}");
        let no_user = StoreLocation::parse("postgres://h/d").unwrap_err();
        assert!(no_user.to_string().contains("no user"), "{no_user}");
        let bad = StoreLocation::parse("postgres://u:pw@h:notaport/d").unwrap_err();
        assert!(!bad.to_string().contains("pw"), "{bad}");
    }
}
