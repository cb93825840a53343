-- Every step record reads back as the form's answers: values earlier versions wrote raw (numbers,
-- booleans, nested payloads) are wrapped in the answer kinds the reader expects.

UPDATE deal_steps SET data = json_set(data, '$.price_named_kopecks',
        json_object('money', json_extract(data, '$.price_named_kopecks')))
    WHERE json_type(data, '$.price_named_kopecks') = 'integer';
UPDATE deal_steps SET data = json_set(data, '$.price_item',
        json_object('text', json_extract(data, '$.price_item')))
    WHERE json_type(data, '$.price_item') = 'text';
UPDATE deal_steps SET data = json_set(data, '$.sent_at', json_object('at', json_extract(data, '$.sent_at')))
    WHERE json_type(data, '$.sent_at') = 'integer';
UPDATE deal_steps SET data = json_set(data, '$.paid', json_object('money', json_extract(data, '$.paid')))
    WHERE json_type(data, '$.paid') = 'integer';
UPDATE deal_steps SET data = json_set(data, '$.template',
        CASE json_type(data, '$.template') WHEN 'true' THEN 'yes' ELSE 'no' END)
    WHERE json_type(data, '$.template') IN ('true', 'false');
UPDATE deal_steps SET data = json_set(data, '$.draft_started', json_object('at', json_extract(data, '$.draft_started')))
    WHERE json_type(data, '$.draft_started') = 'integer';
UPDATE deal_steps SET data = json_set(data, '$.draft_finished', json_object('at', json_extract(data, '$.draft_finished')))
    WHERE json_type(data, '$.draft_finished') = 'integer';
UPDATE deal_steps SET data = json_set(data, '$.lawyer_requested', json_object('at', json_extract(data, '$.lawyer_requested')))
    WHERE json_type(data, '$.lawyer_requested') = 'integer';
UPDATE deal_steps SET data = json_set(data, '$.lawyer_decided', json_object('at', json_extract(data, '$.lawyer_decided')))
    WHERE json_type(data, '$.lawyer_decided') = 'integer';
UPDATE deal_steps SET data = json_set(data, '$.lawyer', json_object('id', json_extract(data, '$.lawyer')))
    WHERE json_type(data, '$.lawyer') = 'integer';
UPDATE deal_steps SET data = json_set(json_remove(data, '$.file_id'), '$.file',
        json_object('file', json_object('file_id', json_extract(data, '$.file_id'), 'name', '', 'size', 0)))
    WHERE json_type(data, '$.file_id') = 'text';
UPDATE deal_steps SET data = json_set(data, '$.approved_by', json_object('id', json_extract(data, '$.approved_by')))
    WHERE json_type(data, '$.approved_by') = 'integer';
UPDATE deal_steps SET data = json_set(data, '$.approval', json_object('id', json_extract(data, '$.approval')))
    WHERE json_type(data, '$.approval') = 'integer';
UPDATE deal_steps SET data = json_remove(json_set(data,
        '$.changes', json_object('text', coalesce(json_extract(data, '$.adjustment.changes'), '')),
        '$.amount', json_object('money', json_extract(data, '$.adjustment.amount'))), '$.adjustment')
    WHERE json_type(data, '$.adjustment.amount') = 'integer';
UPDATE deal_steps SET data = json_remove(json_set(data,
        '$.changes', json_object('text', coalesce(json_extract(data, '$.adjustment.changes'), ''))), '$.adjustment')
    WHERE json_type(data, '$.adjustment') = 'object';
UPDATE deal_steps SET data = json_remove(data, '$.stages')
    WHERE json_type(data, '$.stages') = 'null';
