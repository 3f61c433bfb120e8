--
-- PostgreSQL database dump
--
\restrict abc123
SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SELECT pg_catalog.set_config('search_path', '', false);

CREATE TABLE public.audit (
    id bigint NOT NULL,
    payload jsonb
);

COPY public.audit (id, payload) FROM stdin;
1	{"a": "it's \\N; not SQL"}
2	\N
\.

ALTER TABLE ONLY public.audit
    ADD CONSTRAINT audit_pkey PRIMARY KEY (id);
\unrestrict abc123
