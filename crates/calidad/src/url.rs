//! URLs as reports may show them: without the user and password of `user:pass@host`, and
//! with the values of query parameters that look like secrets (`api_key`, `token`,
//! `signature`…) replaced, before a URL is written anywhere — a report, a summary, a journal.

/// Query parameter names (lowercase) whose values are secrets, or contain these words.
const SECRET_WORDS: &[&str] = &[
    "key",
    "token",
    "secret",
    "password",
    "passwd",
    "pwd",
    "auth",
    "signature",
    "sig",
    "credential",
    "session",
    "code",
];

/// `url` with credentials and secret-looking query values removed.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, path) = match rest.find(['/', '?', '#']) {
        Some(at) => rest.split_at(at),
        None => (rest, ""),
    };
    let host = match authority.rsplit_once('@') {
        Some((_, host)) => format!("***@{host}"),
        None => authority.to_owned(),
    };
    let (path, fragment) = match path.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (path, None),
    };
    let path = match path.split_once('?') {
        Some((path, query)) => {
            let query: Vec<String> = query
                .split('&')
                .map(|pair| match pair.split_once('=') {
                    Some((name, value)) if !value.is_empty() && is_secret(name) => {
                        format!("{name}=***")
                    }
                    _ => pair.to_owned(),
                })
                .collect();
            format!("{path}?{}", query.join("&"))
        }
        None => path.to_owned(),
    };
    let fragment = fragment.map(|f| format!("#{f}")).unwrap_or_default();
    format!("{scheme}://{host}{path}{fragment}")
}

fn is_secret(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    SECRET_WORDS.iter().any(|word| name.contains(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_and_secrets_are_dropped() {
        assert_eq!(
            redact_url("https://ana:secreto@datos.gob.cl/x.csv?api_key=abc&format=csv"),
            "https://***@datos.gob.cl/x.csv?api_key=***&format=csv"
        );
        assert_eq!(
            redact_url(
                "https://s3.amazonaws.com/b/x.csv?X-Amz-Signature=f00&X-Amz-Credential=k&v=1"
            ),
            "https://s3.amazonaws.com/b/x.csv?X-Amz-Signature=***&X-Amz-Credential=***&v=1"
        );
        assert_eq!(
            redact_url("https://datos.gob.cl/dataset/a.csv"),
            "https://datos.gob.cl/dataset/a.csv"
        );
        assert_eq!(redact_url("data/a.csv"), "data/a.csv");
    }
}
