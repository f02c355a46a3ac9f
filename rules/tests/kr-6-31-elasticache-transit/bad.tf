resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "sessions"
  transit_encryption_enabled = false # krewlint-expect: KR-6-31-ELASTICACHE-TRANSIT
}
