resource "aws_db_parameter_group" "pg14" {
  name   = "krewdata-pg14"
  family = "postgres14" # krewlint-expect: KR-6-31-RDS-FORCE-SSL

  parameter {
    name  = "log_connections"
    value = "1"
  }
}

resource "aws_db_parameter_group" "pg16_off" {
  name   = "krewdata-pg16"
  family = "postgres16"

  parameter {
    name         = "rds.force_ssl"
    value        = "0" # krewlint-expect: KR-6-31-RDS-FORCE-SSL
    apply_method = "pending-reboot"
  }
}

resource "aws_db_parameter_group" "mysql" {
  name   = "krewdata-mysql"
  family = "mysql8.0" # krewlint-expect: KR-6-31-RDS-FORCE-SSL
}

resource "aws_db_parameter_group" "mariadb" {
  name   = "krewdata-mariadb"
  family = "mariadb10.11"

  parameter {
    name  = "require_secure_transport"
    value = "OFF" # krewlint-expect: KR-6-31-RDS-FORCE-SSL
  }
}

resource "aws_rds_cluster_parameter_group" "aurora_pg" {
  name   = "krewdata-aurora-pg"
  family = "aurora-postgresql16" # krewlint-expect: KR-6-31-RDS-FORCE-SSL
}

resource "aws_rds_cluster_parameter_group" "aurora_mysql" {
  name   = "krewdata-aurora-mysql"
  family = "aurora-mysql8.0"

  parameter {
    name  = "require_secure_transport"
    value = var.require_tls # krewlint-expect: KR-6-31-RDS-FORCE-SSL
  }
}
