# the RDS default: upgrades on
resource "aws_db_instance" "db" {
  engine         = "postgres"
  instance_class = "db.t4g.medium"
}

resource "aws_elasticache_replication_group" "cache" {
  replication_group_id       = "cache"
  description                = "cache"
  auto_minor_version_upgrade = true
}

resource "aws_mq_broker" "events" {
  broker_name                = "events"
  engine_type                = "ActiveMQ"
  engine_version             = "5.18"
  host_instance_type         = "mq.t3.micro"
  auto_minor_version_upgrade = true
}
