package dynamodb

import "encoding/json"

// backupState is an on-demand backup in a snapshot: AWS's BackupDetails and
// SourceTableDetails members, and the table (definition and items) as it
// was backed up.
type backupState struct {
	Details json.RawMessage `json:"details"`
	Source  json.RawMessage `json:"source"`
	Table   tableState      `json:"table"`
}

func (b *backup) snapshot() (backupState, error) {
	var bs backupState
	var err error
	if bs.Details, err = shapeJSON(b.details); err != nil {
		return bs, err
	}
	if bs.Source, err = shapeJSON(b.source); err != nil {
		return bs, err
	}
	if bs.Table, err = b.def.snapshot(); err != nil {
		return bs, err
	}
	bs.Table.Stream, bs.Table.KinesisDestinations = nil, nil
	bs.Table.Items = make([]itemState, 0, len(b.items))
	for _, item := range b.items {
		it := make(itemState, len(item))
		for k, v := range item {
			it[k] = avState(v)
		}
		bs.Table.Items = append(bs.Table.Items, it)
	}
	return bs, nil
}

func backupFromState(bs backupState) (*backup, error) {
	b := &backup{}
	if err := fromShapeJSON(bs.Details, &b.details); err != nil {
		return nil, err
	}
	if err := fromShapeJSON(bs.Source, &b.source); err != nil {
		return nil, err
	}
	def, err := tableFromState(bs.Table)
	if err != nil {
		return nil, err
	}
	for _, p := range def.parts {
		for _, e := range p.items {
			b.items = append(b.items, e.item)
		}
	}
	def.parts, def.count, def.size = map[string]*partition{}, 0, 0
	b.def = def
	return b, nil
}

// mergeBackups adds loaded backups, replacing running ones with the same ARN.
func mergeBackups(running, loaded []*backup) []*backup {
	byARN := map[string]bool{}
	for _, b := range loaded {
		byARN[deref(b.details.BackupArn)] = true
	}
	out := make([]*backup, 0, len(running)+len(loaded))
	for _, b := range running {
		if !byARN[deref(b.details.BackupArn)] {
			out = append(out, b)
		}
	}
	return append(out, loaded...)
}
