import { Alert, Form, Modal } from 'antd';
import { useState } from 'react';
import { hazardActionInputs } from '../../../domain/hazard-inputs';
import type { HazardAction } from '../../../domain/hazard-workflow';
import { ApiError, api } from '../../api/client';
import { useHazardVocab, useLoad } from '../../api/hooks';
import type { Hazard, HazardDetail, OrgUnit } from '../../api/types';
import { applyFieldErrors, messageOf } from '../../lib/errors';
import { useIsMobile } from '../../lib/useIsMobile';
import { parseWith } from '../../lib/zodForm';
import { ActionFields, type ActionValues, initialValuesOf, toBody } from './actionFields';

type Props = {
  action: { action: HazardAction; label: string } | null;
  hazard: Hazard;
  isSchool: boolean;
  onClose: () => void;
  onDone: (detail: HazardDetail) => void;
};

/** The field a body key is shown under: photos are uploaded files, sent as their ids. */
const fieldOf = (key: string) => (key === 'attachmentIds' ? 'photos' : key);

/**
 * One workflow action: its form, checked with the action's zod schema before sending, then
 * POST /api/hazards/:id/actions/:action, whose answer (the whole hazard again) replaces the page.
 */
export function HazardActionModal({ action, hazard, isSchool, onClose, onDone }: Props) {
  const [form] = Form.useForm<ActionValues>();
  const vocab = useHazardVocab();
  const isMobile = useIsMobile();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const isHandOver = action?.action === 'hand_over';
  const departments = useLoad(
    () =>
      isHandOver ? api.get<{ items: OrgUnit[] }>('/api/org-units', { kind: 'department' }).then((r) => r.items.filter((u) => u.isActive)) : Promise.resolve([]),
    String(isHandOver),
  );

  const close = () => {
    setError(null);
    onClose();
  };

  const submit = async () => {
    if (!action) return;
    setError(null);
    const values = form.getFieldsValue();
    const body = toBody(values);
    const schema = hazardActionInputs[action.action];
    const fields = Object.keys(body);
    const checked = parseWith(schema, body, form, fields);
    if (!checked) {
      // Errors are keyed by body field; photos travel as attachmentIds.
      const photoError = schema.safeParse(body).error?.issues.find((i) => i.path[0] === 'attachmentIds');
      if (photoError) form.setFields([{ name: 'photos', errors: [photoError.message] }]);
      return;
    }
    setSaving(true);
    try {
      const detail = await api.post<HazardDetail>(`/api/hazards/${hazard.id}/actions/${action.action}`, checked);
      setError(null);
      onDone(detail);
    } catch (err) {
      applyFieldErrors(form, err, fields.map(fieldOf));
      if (err instanceof ApiError && err.details.some((d) => d.path === 'attachmentIds')) {
        form.setFields([{ name: 'photos', errors: err.details.filter((d) => d.path === 'attachmentIds').map((d) => d.message) }]);
      }
      // The code too: a 409 (someone acted first) reads differently from a 400 the user can fix.
      setError(`${err instanceof ApiError ? `[${err.code}] ` : ''}${messageOf(err)}`);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title={action?.label}
      open={action !== null}
      okText="确定"
      confirmLoading={saving}
      onOk={submit}
      onCancel={close}
      destroyOnHidden
      width={isMobile ? '100%' : 600}
      style={isMobile ? { top: 8, maxWidth: '100vw', paddingBottom: 0 } : undefined}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="action-error" />}
      {action && (
        <Form form={form} layout="vertical" initialValues={initialValuesOf(action.action, hazard, vocab.deadlineDays)} preserve={false}>
          <ActionFields action={action.action} hazard={hazard} isSchool={isSchool} departments={departments.data ?? []} />
        </Form>
      )}
    </Modal>
  );
}
