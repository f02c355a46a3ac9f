provider "aws" {
  region = "ap-northeast-1"
}

resource "aws_ebs_volume" "data" { # krewlint-expect: KR-4-2-CLASSIFICATION-TAG
  availability_zone = "ap-northeast-1a"
  size              = 100
}

resource "aws_msk_cluster" "events" {
  cluster_name           = "events"
  kafka_version          = "3.6.0"
  number_of_broker_nodes = 3
  broker_node_group_info {
    instance_type   = "kafka.m5.large"
    client_subnets  = ["subnet-1", "subnet-2", "subnet-3"]
    security_groups = ["sg-1"]
  }
  tags = { # krewlint-expect: KR-4-2-CLASSIFICATION-TAG
    Owner = "x"
  }
}

resource "aws_emr_cluster" "batch" { # krewlint-expect: KR-4-2-CLASSIFICATION-TAG
  name          = "batch"
  release_label = "emr-7.0.0"
  service_role  = "EMR_DefaultRole"
}

resource "aws_backup_vault" "main" { # krewlint-expect: KR-4-2-CLASSIFICATION-TAG
  name = "main"
}

resource "aws_ecr_repository" "app" {
  name = "app"
  tags = { # krewlint-expect: KR-4-2-CLASSIFICATION-TAG
    Name = "app"
  }
}
