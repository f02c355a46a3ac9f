# krewlint-expect: KR-6-31-OPENSEARCH-HTTPS
resource "aws_opensearch_domain" "nothing" {
  domain_name = "nothing"
}

resource "aws_opensearch_domain" "old_tls" {
  domain_name = "old"
  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = "Policy-Min-TLS-1-0-2019-07" # krewlint-expect: KR-6-31-OPENSEARCH-HTTPS
  }
}

resource "aws_elasticsearch_domain" "http" {
  domain_name = "http"
  domain_endpoint_options {
    enforce_https       = false # krewlint-expect: KR-6-31-OPENSEARCH-HTTPS
    tls_security_policy = "Policy-Min-TLS-1-2-2019-07"
  }
}
