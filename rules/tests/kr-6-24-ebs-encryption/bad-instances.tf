# krewlint-expect: KR-6-24-EBS-ENCRYPTION
resource "aws_instance" "web" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"
}

resource "aws_instance" "db" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"
  root_block_device {
    encrypted = true
  }
  ebs_block_device { # krewlint-expect: KR-6-24-EBS-ENCRYPTION
    device_name = "/dev/sdf"
    volume_size = 50
  }
}

resource "aws_launch_configuration" "lc" {
  image_id      = "ami-0abcdef1234567890"
  instance_type = "t3.micro"
  root_block_device {
    encrypted = false # krewlint-expect: KR-6-24-EBS-ENCRYPTION
  }
}

resource "aws_launch_template" "lt" {
  image_id = "ami-0abcdef1234567890"
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs { # krewlint-expect: KR-6-24-EBS-ENCRYPTION
      volume_size = 20
    }
  }
}
