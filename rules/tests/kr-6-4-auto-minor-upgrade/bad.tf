resource "aws_db_instance" "db" {
  engine                     = "postgres"
  instance_class             = "db.t4g.medium"
  auto_minor_version_upgrade = false # krewlint-expect: KR-6-4-AUTO-MINOR-UPGRADE
}

# krewlint-expect: KR-6-4-AUTO-MINOR-UPGRADE
resource "aws_mq_broker" "events" {
  broker_name        = "events"
  engine_type        = "ActiveMQ"
  engine_version     = "5.18"
  host_instance_type = "mq.t3.micro"
}
