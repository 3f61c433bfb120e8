CREATE TABLE teams (id bigint PRIMARY KEY);
CREATE TABLE players (id bigint PRIMARY KEY, team_id bigint, coach_id bigint);
