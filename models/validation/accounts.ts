import { z } from 'zod'
import { halfWidth, typedMobile } from '../rules/typed-input.ts'
import { checkUscc, normaliseUscc } from '../rules/uscc.ts'
import { evenWithFieldErrors } from './cross-field.ts'

// Shared by the server and the browser (Conform), so nothing here may do I/O.

export const phoneSchema = z
  .string({ error: '请填写手机号' })
  .overwrite(typedMobile)
  .regex(/^1[3-9]\d{9}$/, '请填写 11 位中国大陆手机号')

/** Folded before it is checked: a pasted address often ends in a space, an IME types ＠. */
export const emailSchema = z
  .string({ error: '请填写邮箱' })
  .overwrite((typed) => halfWidth(typed).trim().toLowerCase())
  .pipe(z.email({ error: '邮箱格式不正确' }).max(120, '邮箱过长'))

export const passwordSchema = z
  .string({ error: '请填写密码' })
  .min(8, '密码至少 8 位')
  .max(64, '密码最多 64 位')
  .regex(/[A-Za-z]/, '密码需包含字母')
  .regex(/\d/, '密码需包含数字')

export const usccSchema = z
  .string({ error: '请填写统一社会信用代码' })
  .transform(normaliseUscc)
  .superRefine((code, ctx) => {
    const result = checkUscc(code)
    if (!result.ok) ctx.addIssue({ code: 'custom', message: result.reason })
  })

export const signUpKinds = ['agency', 'department', 'enterprise'] as const

export const signUpSchema = z
  .object({
    kind: z.enum(signUpKinds, { error: '请选择机构类型' }),
    organisationName: z
      .string({ error: '请填写机构名称' })
      .trim()
      .min(2, '机构名称至少 2 个字')
      .max(100, '机构名称最多 100 个字'),
    uscc: usccSchema,
    contactName: z
      .string({ error: '请填写联系人姓名' })
      .trim()
      .min(2, '姓名至少 2 个字')
      .max(30, '姓名最多 30 个字'),
    phone: phoneSchema,
    email: emailSchema.optional(),
    password: passwordSchema,
    confirmPassword: z.string({ error: '请再次输入密码' }),
  })
  .refine((v) => typeof v.confirmPassword !== 'string' || v.password === v.confirmPassword, {
    path: ['confirmPassword'],
    message: '两次输入的密码不一致',
    ...evenWithFieldErrors,
  })

export type SignUpInput = z.infer<typeof signUpSchema>

export const signInSchema = z.object({
  // Found however it was typed: full width, a phone number with spaces or +86.
  login: z
    .string({ error: '请填写手机号或邮箱' })
    .trim()
    .toLowerCase()
    .max(120)
    .overwrite((login) => {
      const folded = halfWidth(login)
      return /^[+\d\s-]+$/.test(folded) ? typedMobile(folded) : folded
    }),
  password: z.string({ error: '请填写密码' }).max(64),
  redirectTo: z.string().optional(),
})

export type SignInInput = z.infer<typeof signInSchema>

export const changePasswordSchema = z
  .object({
    currentPassword: z.string({ error: '请填写当前密码' }),
    newPassword: passwordSchema,
    confirmPassword: z.string({ error: '请再次输入新密码' }),
  })
  .refine((v) => typeof v.confirmPassword !== 'string' || v.newPassword === v.confirmPassword, {
    path: ['confirmPassword'],
    message: '两次输入的新密码不一致',
    ...evenWithFieldErrors,
  })

const personNameSchema = z.string({ error: '请填写姓名' }).trim().min(2, '姓名至少 2 个字').max(30)

export const supervisorSchema = z.object({
  name: personNameSchema,
  phone: phoneSchema,
  password: passwordSchema,
})

/** A colleague added by the organisation's account administrator. */
export const memberSchema = z.object({
  name: personNameSchema,
  phone: phoneSchema,
  email: emailSchema.optional(),
  password: passwordSchema,
  /** An unchecked box sends nothing; Conform reads a checked one ('on') as true. */
  admin: z.boolean().default(false),
})

/** An initial password set for someone else, by their administrator or a supervisor. */
export const passwordResetSchema = z.object({
  userId: z.string({ error: '请选择成员' }),
  password: passwordSchema,
})
