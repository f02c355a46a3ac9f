# krewlint-expect: KR-6-8-ELASTICACHE-SNAPSHOT-RETENTION
resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id = "sessions"
  description          = "sessions"
}

resource "aws_elasticache_cluster" "single" {
  cluster_id               = "single"
  engine                   = "redis"
  snapshot_retention_limit = 1 # krewlint-expect: KR-6-8-ELASTICACHE-SNAPSHOT-RETENTION
}
