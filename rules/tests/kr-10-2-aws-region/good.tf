provider "aws" {
  region = "ap-northeast-1"
}

provider "aws" {
  alias  = "osaka"
  region = "ap-northeast-3"
}

# other providers are not checked
provider "google" {
  region = "us-central1"
}
