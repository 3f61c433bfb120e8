-- the index follows the renamed column and table
ALTER TABLE profiles RENAME COLUMN doc TO document; -- want `no lock_timeout set.*\[SCHEMA405\]`
ALTER TABLE profiles RENAME TO user_profiles;
ALTER TABLE user_profiles RENAME COLUMN settings TO preferences;
ALTER INDEX profiles_doc RENAME TO user_profiles_document;
