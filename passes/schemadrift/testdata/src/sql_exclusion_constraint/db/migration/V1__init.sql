CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TABLE bookings (id bigint, room int, during tstzrange, extra jsonb, -- want `jsonb column bookings.extra has no GIN index`
    EXCLUDE USING gist (room WITH =, during WITH &&));
