resource "aws_opensearch_domain" "search" {
  domain_name = "search"
  encrypt_at_rest {
    enabled = false # krewlint-expect: KR-6-24-OPENSEARCH-AT-REST
  }
}

# krewlint-expect: KR-6-24-OPENSEARCH-AT-REST
resource "aws_elasticsearch_domain" "legacy" {
  domain_name = "legacy"
}
