{{ config(s3_endpoint='https://4f9c2e1ab7d8405c9e6f3a2b1c0d9e8f.r2.cloudflarestorage.com') }}
select 1 as id
