resource "aws_elasticache_replication_group" "cache" {
  replication_group_id       = "sessions"
  description                = "sessions"
  at_rest_encryption_enabled = false # krewlint-expect: KR-6-24-ELASTICACHE-AT-REST
}
