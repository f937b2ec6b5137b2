package pgtest

// This file defines the Steampipe-like fixture every test database holds.

// The roles the fixture creates. User is what tests connect as; its
// password is Password (tests check it never shows in any output).
const (
	User     = "steampipe"
	Password = "s3cret-Pa55word"
	Database = "steampipe"
)

// Fixture is the SQL the server is loaded with, run as the superuser in
// database steampipe.
const Fixture = `
create role steampipe login password '` + Password + `';
create schema aws;
create schema gcp;
comment on schema aws is 'AWS (steampipe-plugin-aws)';
alter role steampipe set search_path = public, aws, gcp;
alter role steampipe set statement_timeout = 0;

create table aws.aws_s3_bucket (
  name text,
  arn text,
  region text,
  account_id text,
  versioning_enabled boolean,
  creation_date timestamp with time zone,
  tags jsonb
);
comment on table aws.aws_s3_bucket is 'An Amazon S3 bucket is a public cloud storage resource available in Amazon Web Services'' (AWS) Simple Storage Service (S3).';
comment on column aws.aws_s3_bucket.name is 'The user friendly name of the bucket.';
comment on column aws.aws_s3_bucket.arn is 'The ARN of the AWS S3 Bucket.';
comment on column aws.aws_s3_bucket.region is 'The AWS Region in which the resource is located.';
comment on column aws.aws_s3_bucket.account_id is 'The AWS Account ID in which the resource is located.';
comment on column aws.aws_s3_bucket.versioning_enabled is 'The versioning state of a bucket.';
comment on column aws.aws_s3_bucket.creation_date is 'The date and time when bucket was created.';
comment on column aws.aws_s3_bucket.tags is 'A map of tags for the resource.';
insert into aws.aws_s3_bucket values
  ('logs', 'arn:aws:s3:::logs', 'us-east-1', '123456789012', true, '2023-01-02 03:04:05+00', '{"owner": "ops"}'),
  ('scratch', 'arn:aws:s3:::scratch', 'eu-west-1', '123456789012', false, '2024-05-06 07:08:09+00', null),
  ('archive', 'arn:aws:s3:::archive', 'us-east-1', '210987654321', true, '2022-11-12 13:14:15+00', '{}');

create table aws.aws_iam_user (
  name text,
  arn text,
  user_id text,
  mfa_enabled boolean,
  password_last_used timestamp with time zone,
  account_id text
);
comment on table aws.aws_iam_user is 'An AWS IAM user is an entity that you create in AWS to represent the person or application that uses it to interact with AWS.';
comment on column aws.aws_iam_user.name is 'The friendly name identifying the user.';
comment on column aws.aws_iam_user.mfa_enabled is 'The MFA status of the user.';
comment on column aws.aws_iam_user.user_id is 'The unique ID that identifies the user.';
insert into aws.aws_iam_user values
  ('alice', 'arn:aws:iam::123456789012:user/alice', 'AIDA1', true, now(), '123456789012'),
  ('bob', 'arn:aws:iam::123456789012:user/bob', 'AIDA2', false, null, '123456789012');

create view aws.aws_s3_bucket_versioned as select name, region from aws.aws_s3_bucket where versioning_enabled;
comment on view aws.aws_s3_bucket_versioned is 'The buckets with versioning.';

create table gcp.gcp_storage_bucket (
  name text,
  location text,
  project text,
  versioning_enabled boolean
);
comment on column gcp.gcp_storage_bucket.name is 'The name of the bucket.';
comment on column gcp.gcp_storage_bucket.location is 'The location of the bucket.';
insert into gcp.gcp_storage_bucket values ('assets', 'US', 'acme', false);

-- A schema that is not on the search path: its tables are reached only
-- qualified.
create schema internal;
create table internal.connection_state (name text, state text);

grant usage on schema aws, gcp, internal to steampipe;
-- Writes are allowed by the grants: only the read-only transaction of a
-- run refuses them.
grant all on all tables in schema aws, gcp, internal to steampipe;
`

// Mod is the queries file of a mod over the fixture (with a mod.pp of its
// own), for the tests of everything that runs or checks SQL: a query with a
// param (its default us-east-1: archive and logs; eu-west-1: scratch), a
// control that returns ok for two buckets and alarm for one, a table panel
// running the query with its own args, a write, a slow query, and SQL the
// database rejects — an unknown table (line 28), an unknown column (line
// 34), a type mismatch (line 37).
const Mod = `query "buckets" {
  sql = "select name, region from aws_s3_bucket where region = $1 order by name"
  param "region" {
    default = "us-east-1"
  }
}
control "versioning" {
  title = "Buckets are versioned"
  sql = <<-EOQ
    select arn as resource,
      case when versioning_enabled then 'ok' else 'alarm' end as status,
      name || case when versioning_enabled then ' is' else ' is not' end || ' versioned.' as reason
    from aws_s3_bucket
    order by name
  EOQ
}
query "write" {
  sql = "delete from aws_iam_user"
}
query "slow" {
  sql = "select pg_sleep(60)"
}
table "eu_buckets" {
  query = query.buckets
  args = { region = "eu-west-1" }
}
query "typo" {
  sql = "select name from aws_s3_buckett"
}
query "cte" {
  sql = "with b as (select * from aws_s3_bucket) select name from b"
}
query "columns" {
  sql = "select nme from aws_s3_bucket"
}
query "typed" {
  sql = "select name from aws_s3_bucket where creation_date < 2020"
}
`
