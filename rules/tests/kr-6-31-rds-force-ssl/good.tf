resource "aws_db_parameter_group" "pg14" {
  name   = "krewdata-pg14"
  family = "postgres14"

  parameter {
    name  = "log_connections"
    value = "1"
  }
  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }
}

# RDS for PostgreSQL 15 and later: rds.force_ssl is 1 by default
resource "aws_db_parameter_group" "pg16" {
  name   = "krewdata-pg16"
  family = "postgres16"
}

resource "aws_db_parameter_group" "mysql" {
  name   = "krewdata-mysql"
  family = "mysql8.0"

  parameter {
    name  = "require_secure_transport"
    value = 1
  }
}

resource "aws_db_parameter_group" "mariadb" {
  name   = "krewdata-mariadb"
  family = "mariadb10.11"

  parameter {
    name  = "require_secure_transport"
    value = "ON"
  }
}

resource "aws_rds_cluster_parameter_group" "aurora_pg" {
  name   = "krewdata-aurora-pg"
  family = "aurora-postgresql16"

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }
}

# not a PostgreSQL, MySQL or MariaDB engine
resource "aws_db_parameter_group" "oracle" {
  name   = "krewdata-oracle"
  family = "oracle-ee-19"
}
