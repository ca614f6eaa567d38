/** Typed failures of the domain; routes turn them into HTTP answers. */
export class DomainError extends Error {
  constructor(message: string) {
    super(message)
    this.name = new.target.name
  }
}

export class NotFoundError extends DomainError {}

export class ForbiddenError extends DomainError {}

export class NotSignedInError extends DomainError {
  constructor() {
    super('请先登录')
  }
}

/** Bad input, with a Chinese message per form field. */
export class ValidationError extends DomainError {
  constructor(readonly fieldErrors: Record<string, string[]>) {
    super(Object.values(fieldErrors).flat().join('；'))
  }

  static field(field: string, message: string): ValidationError {
    return new ValidationError({ [field]: [message] })
  }
}

export class TooManyAttemptsError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super(`尝试次数过多，请 ${Math.ceil(retryAfterSeconds / 60)} 分钟后再试`)
  }
}
