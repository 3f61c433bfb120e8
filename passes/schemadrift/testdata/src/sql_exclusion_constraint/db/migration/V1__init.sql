CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TABLE bookings (id bigint, room int, during tstzrange, extra jsonb,
    EXCLUDE USING gist (room WITH =, during WITH &&));
