resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id     = "sessions"
  description              = "sessions"
  snapshot_retention_limit = 7
}

# memcached has no snapshots
resource "aws_elasticache_cluster" "memcached" {
  cluster_id = "cache"
  engine     = "memcached"
}

# a member of a replication group follows the group
resource "aws_elasticache_cluster" "replica" {
  cluster_id           = "replica"
  replication_group_id = aws_elasticache_replication_group.sessions.id
}
