# krewlint-expect: KR-6-31-OPENSEARCH-NODE-TO-NODE
resource "aws_opensearch_domain" "search" {
  domain_name = "search"
}
