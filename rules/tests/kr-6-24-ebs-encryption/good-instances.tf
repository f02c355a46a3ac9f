resource "aws_instance" "web" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"
  root_block_device {
    encrypted = true
  }
  ebs_block_device {
    device_name = "/dev/sdf"
    encrypted   = true
  }
}

resource "aws_launch_configuration" "lc" {
  image_id      = "ami-0abcdef1234567890"
  instance_type = "t3.micro"
  root_block_device {
    encrypted = true
  }
}

# no block device mappings: the AMI's (encrypted) snapshots decide
resource "aws_launch_template" "plain" {
  image_id = "ami-0abcdef1234567890"
}

resource "aws_launch_template" "lt" {
  image_id = "ami-0abcdef1234567890"
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size = 20
      encrypted   = true
    }
  }
  block_device_mappings {
    device_name  = "/dev/sdb"
    virtual_name = "ephemeral0"
  }
}
